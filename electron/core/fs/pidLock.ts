import { randomBytes } from 'node:crypto'
import { link, open, rename, rm, writeFile } from 'node:fs/promises'
import { uptime } from 'node:os'
import { setTimeout as delay } from 'node:timers/promises'

/**
 * A lock file that names its holder: one process at a time per station data directory or upload outbox. A holder
 * that is gone (crash, power cut, reboot) is taken over; the boot time is recorded because after a reboot the
 * same pid names some other process.
 *
 * Every step that decides who holds it is one atomic file-system operation, so of any number of processes racing
 * for it exactly one wins. The lock is created whole by link(2), which fails when the name exists (a file opened
 * and then written would be seen empty, judged stale and taken by a second process). A stale lock is replaced only
 * by the process that first created its takeover guard, a name derived from the stale file's inode: deleting the
 * stale file and creating a new one instead lets a slow racer delete the winner's new lock and take it too.
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

const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException).code

/** One file as seen through one open handle: its identity and its text belong to the same file. */
interface Seen {
  ino: number
  text: string
}

async function look(path: string): Promise<Seen | undefined> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
  try {
    return { ino: (await handle.stat()).ino, text: await handle.readFile('utf8') }
  } finally {
    await handle.close()
  }
}

/** Gives our file the name `path` unless the name exists: atomic, and the file behind it is already whole. */
async function linkNew(mine: string, path: string): Promise<boolean> {
  try {
    await link(mine, path)
    return true
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false
    throw error
  }
}

/** A guard whose own taker died mid-takeover is taken over the same way, a level deeper; this bounds the chain. */
const MAX_GUARD_DEPTH = 3

type Claim = { won: true } | { won: false; holder: number | null }

/** Makes `path` name our file `mine`: created if free, taken over if its holder is gone and nobody beat us to it. */
async function claim(path: string, mine: string, depth: number): Promise<Claim> {
  if (await linkNew(mine, path)) return { won: true }
  const seen = await look(path)
  if (!seen) return { won: false, holder: null }
  const holder = parseHolder(seen.text)
  if (holder && stillHeld(holder)) return { won: false, holder: holder.pid }
  if (depth >= MAX_GUARD_DEPTH) return { won: false, holder: null }
  // Everyone who saw this stale file (this inode) competes for the same guard name; link(2) lets one of them have it.
  const guard = `${path}.takeover-${String(seen.ino)}`
  if (!(await claim(guard, mine, depth + 1)).won) return { won: false, holder: null }
  try {
    // The guard's holder alone may replace this inode: if it is still there, nobody else replaced it.
    const now = await look(path)
    if (now?.ino !== seen.ino || now.text !== seen.text) return { won: false, holder: null }
    const copy = `${mine}.${String(depth)}`
    await link(mine, copy)
    await rename(copy, path)
    return { won: true }
  } finally {
    await rm(guard, { force: true })
  }
}

/** Takes the lock at `path`; the returned function releases it. */
export async function acquirePidLock(path: string, failures: PidLockFailures): Promise<() => Promise<void>> {
  const mine = `${path}.${String(process.pid)}-${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(mine, `${String(process.pid)} ${String(currentBootMinute())}\n`, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    throw failures.unavailable(`cannot create ${path}: ${(error as Error).message}`, error)
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await delay(20 * attempt) // a takeover in progress is usually done by then
      let outcome: Claim
      try {
        outcome = await claim(path, mine, 0)
      } catch (error) {
        throw failures.unavailable(`cannot create ${path}: ${(error as Error).message}`, error)
      }
      if (outcome.won) return () => rm(path, { force: true })
      if (outcome.holder !== null) throw failures.held(outcome.holder)
    }
    throw failures.held(null)
  } finally {
    await rm(mine, { force: true })
  }
}
