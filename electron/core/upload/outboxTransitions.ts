import { backoffDelay } from './deliveryVerdict'
import type { BackoffPolicy, DeliveryVerdict } from './deliveryVerdict'
import { OUTBOX_FORMAT } from './outboxEntry'
import type { OutboxEntry } from './outboxEntry'

/** The outbox's state machine, pure: each function returns the next entry; the caller makes it durable. */

export function newEntry(sha256: string, name: string, size: number, now: Date): OutboxEntry {
  const at = now.toISOString()
  return {
    format: OUTBOX_FORMAT,
    sha256,
    name,
    size,
    state: 'pending',
    attempts: 0,
    enqueuedAt: at,
    updatedAt: at,
    nextAttemptAt: null,
    lastError: null,
    delivery: null,
  }
}

/** A parked bundle enqueued again: a fresh count of attempts, at once; the last error stays visible until then. */
export const requeued = (entry: OutboxEntry, now: Date): OutboxEntry => ({
  ...entry,
  state: 'pending',
  attempts: 0,
  nextAttemptAt: null,
  updatedAt: now.toISOString(),
})

/** Recorded before the request goes out (write-ahead): a crash during the request still counts the attempt. */
export const attemptStarted = (entry: OutboxEntry, now: Date): OutboxEntry => ({
  ...entry,
  attempts: entry.attempts + 1,
  updatedAt: now.toISOString(),
})

export const isDue = (entry: OutboxEntry, now: Date): boolean =>
  entry.state === 'pending' && (entry.nextAttemptAt === null || Date.parse(entry.nextAttemptAt) <= now.getTime())

export interface SettleContext {
  now: Date
  random: () => number
  maxAttempts: number
  backoff: BackoffPolicy
  endpoint: string
}

/** The entry after an attempt (already counted by attemptStarted) came back with this verdict. */
export function attemptSettled(entry: OutboxEntry, verdict: DeliveryVerdict, context: SettleContext): OutboxEntry {
  const updatedAt = context.now.toISOString()
  switch (verdict.action) {
    case 'delivered':
      return {
        ...entry,
        state: 'delivered',
        updatedAt,
        nextAttemptAt: null,
        lastError: null,
        delivery: { at: updatedAt, status: verdict.status, endpoint: context.endpoint },
      }
    case 'park':
      return { ...entry, state: 'failed', updatedAt, nextAttemptAt: null, lastError: verdict.problem }
    case 'stop':
      // The run was set up wrong; the bundle did nothing wrong, so the attempt does not count against it.
      return { ...entry, attempts: Math.max(0, entry.attempts - 1), updatedAt, lastError: verdict.problem }
    case 'retry': {
      if (entry.attempts >= context.maxAttempts) {
        const message = `${verdict.problem.message} (gave up after ${String(entry.attempts)} attempts; enqueue it again to retry)`
        return {
          ...entry,
          state: 'failed',
          updatedAt,
          nextAttemptAt: null,
          lastError: { code: verdict.problem.code, message },
        }
      }
      const delay = backoffDelay(entry.attempts, context.random, context.backoff)
      return {
        ...entry,
        updatedAt,
        nextAttemptAt: new Date(context.now.getTime() + delay).toISOString(),
        lastError: verdict.problem,
      }
    }
  }
}
