import { open, readFile, rm } from 'node:fs/promises'
import { uptime } from 'node:os'

/**
 * A lock file that names its holder: one process at a time per station data directory or upload outbox. A holder
 * that is gone (crash, power cut, reboot) is taken over; the boot time is recorded because after a reboot the
 * same pid names some other process.
 */
export interface PidLockFailures {
  /** A live process holds the lock (`pid` may be this very process); null when others kept retaking it. */
  held(pid: number | null): Error
  /** The lock file cannot be created (the folder is missing or read-only...). */
  unavailable(message: string, cause: unknown): Error
}

interface Holder {
  pid: number
  /** When the machine booted, in minutes since the epoch. */
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
const stillHeld = (holder: Holder): boolean =>
  Math.abs(holder.bootMinute - currentBootMinute()) <= 1 && isAlive(holder.pid)

/** Takes the lock at `path`; the returned function releases it. */
export async function acquirePidLock(path: string, failures: PidLockFailures): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600)
      try {
        await handle.writeFile(`${String(process.pid)} ${String(currentBootMinute())}\n`)
      } finally {
        await handle.close()
      }
      return () => rm(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw failures.unavailable(`cannot create ${path}: ${(error as Error).message}`, error)
    }
    const holder = parseHolder(await readFile(path, 'utf8').catch(() => ''))
    if (holder && stillHeld(holder)) throw failures.held(holder.pid)
    await rm(path, { force: true })
  }
  throw failures.held(null)
}
