import { open, readFile, rm } from 'node:fs/promises'
import { uptime } from 'node:os'
import { join } from 'node:path'
import { RuntimeError } from './runtimeError'

/**
 * One process at a time per data directory. Opening a station marks every session no live process runs as
 * interrupted, so a rehearsal or a second app started on the directory of a station in use would interrupt the
 * candidate sitting at it. The lock file names its holder; a holder that is gone (crash, power cut, reboot) is
 * taken over.
 */
export interface StationLock {
  release(): Promise<void>
}

export const LOCK_FILE = 'station.lock'

interface Holder {
  pid: number
  /** When the machine booted, in minutes since the epoch: a pid from before a reboot names some other process now. */
  bootMinute: number
}

const currentBootMinute = (): number => Math.round((Date.now() - uptime() * 1000) / 60_000)

function parseHolder(text: string): Holder | undefined {
  const match = /^(\d+) (\d+)$/.exec(text.trim())
  return match ? { pid: Number(match[1]), bootMinute: Number(match[2]) } : undefined
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Boot times read a minute apart can round differently, so one minute of difference is the same boot. */
const stillHeld = (holder: Holder): boolean => Math.abs(holder.bootMinute - currentBootMinute()) <= 1 && isAlive(holder.pid)

export async function acquireStationLock(dir: string): Promise<StationLock> {
  const path = join(dir, LOCK_FILE)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600)
      try {
        await handle.writeFile(`${String(process.pid)} ${String(currentBootMinute())}\n`)
      } finally {
        await handle.close()
      }
      return { release: () => rm(path, { force: true }) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new RuntimeError('DATA_DIR_UNAVAILABLE', `cannot create ${path}: ${(error as Error).message}`)
      }
    }
    const holder = parseHolder(await readFile(path, 'utf8').catch(() => ''))
    if (holder && stillHeld(holder)) {
      const who = holder.pid === process.pid ? 'this process already has it open' : `process ${String(holder.pid)} has it open`
      throw new RuntimeError('STATION_IN_USE', `the station in ${dir} is in use (${who}); close it first, or use another data directory`)
    }
    await rm(path, { force: true })
  }
  throw new RuntimeError('STATION_IN_USE', `cannot take the lock ${path}: another process keeps taking it`)
}
