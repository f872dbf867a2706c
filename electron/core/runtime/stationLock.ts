import { join } from 'node:path'
import { acquirePidLock } from '../fs/pidLock'
import { RuntimeError } from '../base/runtimeError'

/**
 * One process at a time per data directory. Opening a station marks every session no live process runs as
 * interrupted, so a rehearsal or a second app started on the directory of a station in use would interrupt the
 * candidate sitting at it. A holder that is gone (crash, power cut, reboot) is taken over (fs/pidLock.ts).
 */
export interface StationLock {
  release(): Promise<void>
}

export const LOCK_FILE = 'station.lock'

export async function acquireStationLock(dir: string): Promise<StationLock> {
  const path = join(dir, LOCK_FILE)
  const release = await acquirePidLock(path, {
    held: (pid) => {
      if (pid === null)
        return new RuntimeError('STATION_IN_USE', `cannot take the lock ${path}: another process keeps taking it`)
      const who = pid === process.pid ? 'this process already has it open' : `process ${String(pid)} has it open`
      return new RuntimeError(
        'STATION_IN_USE',
        `the station in ${dir} is in use (${who}); close it first, or use another data directory`,
      )
    },
    unavailable: (message) => new RuntimeError('DATA_DIR_UNAVAILABLE', message),
  })
  return { release }
}
