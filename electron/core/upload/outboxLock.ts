import { open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { OutboxError } from './outboxEntry'

/**
 * One run at a time per outbox: two runs could each send the same bundle and, worse, one could record a failed
 * attempt over the other's confirmed delivery. The lock file names its holder's pid; a holder that is gone
 * (crash, power cut) is taken over.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function acquireOutboxLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'run.lock')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600)
      try {
        await handle.writeFile(`${String(process.pid)}\n`)
      } finally {
        await handle.close()
      }
      return () => rm(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new OutboxError('OUTBOX_UNREADABLE', `cannot create ${path}: ${(error as Error).message}`, { cause: error })
      }
    }
    const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim())
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new OutboxError('OUTBOX_IN_USE', `the outbox ${dir} is being sent by process ${String(pid)}; wait for it to finish`)
    }
    await rm(path, { force: true })
  }
  throw new OutboxError('OUTBOX_IN_USE', `cannot take the lock ${path}: another process keeps taking it`)
}
