import { createInterface } from 'node:readline'
import { acquireStationLock } from '../stationLock'

/**
 * Test support, run as its own process (node --import tsx): one contender in the station-lock race. It says
 * "ready", then for every "go DIR" line tries to take DIR's station lock and answers "won" or the error code. A
 * lock it wins is kept until the process ends, so the others race against a live holder, as they would on a station.
 */
const lines = createInterface({ input: process.stdin })
process.stdout.write('ready\n')
for await (const line of lines) {
  const dir = line.startsWith('go ') ? line.slice(3) : undefined
  if (dir === undefined) continue
  const outcome = await acquireStationLock(dir).then(
    () => 'won',
    (error: unknown) => String((error as { code?: unknown }).code),
  )
  process.stdout.write(`${outcome}\n`)
}
