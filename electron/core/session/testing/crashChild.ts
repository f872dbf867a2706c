/**
 * A station process that is meant to be killed. It opens (or creates) the database, starts a session and saves answers
 * as fast as it can, printing each acknowledgement only after the save returned (i.e. after COMMIT):
 *
 *   node --import tsx electron/core/session/testing/crashChild.ts --db <file> --master-key <64 hex> --answers <n>
 *        [--pin <digits>] [--items <k>] [--interval-ms <ms>] [--checkpoint-idle-ms <ms>] [--checkpoint-bound <n>]
 *
 * stdout, one line each:  SESSION <id>  |  ACK <json {i,unitId,revision,savedAt,remainingMs}>  |  DONE
 * Answer i goes to item q<i mod k> with the text response "answer-<i>", so a parent can check every ACK it saw.
 * The keyring is a plain master key (no passphrase), so thousands of kills cost no key derivation.
 * Parents drive it through crashProtocol.ts (runAndKill).
 */
import { parseArgs } from 'node:util'
import { masterKeyKeyring } from '../../crypto/keyring'
import { systemClock } from '../../base/clock'
import { SessionService } from '../sessionService'
import { openStationDatabase } from '../../db/database'
import { crashChildItem, crashChildResponse } from './crashProtocol'

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    'master-key': { type: 'string' },
    answers: { type: 'string', default: '1000' },
    pin: { type: 'string', default: '24681357' },
    items: { type: 'string', default: '20' },
    'interval-ms': { type: 'string', default: '0' },
    // Stretch these to kill the child between its saves and any checkpoint (the WAL then holds every answer).
    'checkpoint-idle-ms': { type: 'string', default: '500' },
    'checkpoint-bound': { type: 'string', default: '100' },
  },
})
const masterKey = Buffer.from(values['master-key'] ?? '', 'hex')
if (!values.db || masterKey.length !== 32) {
  process.stderr.write(
    'usage: crashChild --db <file> --master-key <64 hex> [--answers n] [--pin p] [--items k] [--interval-ms ms]\n',
  )
  process.exit(2)
}
const answers = Number(values.answers)
const items = Number(values.items)
const intervalMs = Number(values['interval-ms'])

const db = openStationDatabase(values.db, {
  checkpoints: { idleMs: Number(values['checkpoint-idle-ms']), commitBound: Number(values['checkpoint-bound']) },
})
const service = new SessionService({ db, keyring: masterKeyKeyring(masterKey), clock: systemClock })
if (!service.hasProctorPin()) await service.setProctorPin(values.pin)
const { sessionId } = service.createSession({
  examId: 'crash-exam',
  packageHash: 'ab'.repeat(32),
  formSeed: 'crash-seed',
  durationMs: 60 * 60_000,
})
service.checkIn(sessionId, { candidateId: 'CRASH-1', name: 'Crash Test' })
service.start(sessionId)
process.stdout.write(`SESSION ${sessionId}\n`)

for (let i = 0; i < answers; i++) {
  const itemId = crashChildItem(i, items)
  const ack = service.saveAnswer(sessionId, itemId, crashChildResponse(i))
  // Pipes are synchronous on Linux/macOS: once this returns the parent can read the line; the commit came first.
  process.stdout.write(`ACK ${JSON.stringify({ i, ...ack })}\n`)
  service.tick(sessionId)
  // Back to the event loop between saves, as the app is between IPC calls: deferred checkpoints run here.
  await new Promise((resolve) => (intervalMs > 0 ? setTimeout(resolve, intervalMs) : setImmediate(resolve)))
}
process.stdout.write('DONE\n')
db.close()
