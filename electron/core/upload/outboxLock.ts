import { join } from 'node:path'
import { acquirePidLock } from '../fs/pidLock'
import { OutboxError } from './outboxEntry'

/**
 * One run at a time per outbox: two runs could each send the same bundle and, worse, one could record a failed
 * attempt over the other's confirmed delivery. A holder that is gone (crash, power cut) is taken over (fs/pidLock.ts).
 */
export async function acquireOutboxLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'run.lock')
  return await acquirePidLock(path, {
    held: (pid) =>
      new OutboxError(
        'OUTBOX_IN_USE',
        pid === null
          ? `cannot take the lock ${path}: another process keeps taking it`
          : `the outbox ${dir} is being sent by process ${String(pid)}; wait for it to finish`,
      ),
    unavailable: (message, cause) => new OutboxError('OUTBOX_UNREADABLE', message, { cause }),
  })
}
