import { describe, expect, it } from 'vitest'
import { outboxEntrySchema } from './outboxEntry'
import { attemptSettled, attemptStarted, isDue, newEntry, requeued } from './outboxTransitions'
import type { SettleContext } from './outboxTransitions'

const SHA = 'c'.repeat(64)
const T0 = new Date('2026-11-23T12:00:00.000Z')
const at = (ms: number) => new Date(T0.getTime() + ms)
const context = (ms = 0, maxAttempts = 3): SettleContext => ({
  now: at(ms),
  random: () => 1,
  maxAttempts,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  endpoint: 'https://127.0.0.1:8443',
})
const retry = { action: 'retry', problem: { code: 'HTTP_503', message: 'busy' } } as const

describe('outbox state transitions', () => {
  const fresh = newEntry(SHA, 'a.jws', 10, T0)

  it('starts pending, due at once, and valid on disk', () => {
    expect(fresh).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: null })
    expect(isDue(fresh, T0)).toBe(true)
    expect(outboxEntrySchema.parse(fresh)).toEqual(fresh)
  })

  it('counts an attempt before it is sent', () => {
    expect(attemptStarted(fresh, at(5)).attempts).toBe(1)
  })

  it('waits with backoff after a passing failure, and is due again only then', () => {
    const once = attemptSettled(attemptStarted(fresh, T0), retry, context())
    expect(once).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: at(1_000).toISOString(),
      lastError: retry.problem,
    })
    expect(isDue(once, at(999))).toBe(false)
    expect(isDue(once, at(1_000))).toBe(true)
    const twice = attemptSettled(attemptStarted(once, at(1_000)), retry, context(1_000))
    expect(twice.nextAttemptAt).toBe(at(3_000).toISOString())
  })

  it('parks the bundle after the last attempt, saying how to retry', () => {
    let entry = fresh
    for (let i = 0; i < 3; i++) entry = attemptSettled(attemptStarted(entry, T0), retry, context())
    expect(entry).toMatchObject({ state: 'failed', attempts: 3, nextAttemptAt: null })
    expect(entry.lastError?.message).toMatch(/gave up after 3 attempts; enqueue it again/)
    expect(isDue(entry, at(10_000_000))).toBe(false)
  })

  it('records a confirmed delivery and clears the error', () => {
    const failedOnce = attemptSettled(attemptStarted(fresh, T0), retry, context())
    const done = attemptSettled(
      attemptStarted(failedOnce, at(2_000)),
      { action: 'delivered', status: 'imported' },
      context(2_100),
    )
    expect(done).toMatchObject({
      state: 'delivered',
      lastError: null,
      delivery: { at: at(2_100).toISOString(), status: 'imported', endpoint: 'https://127.0.0.1:8443' },
    })
  })

  it('parks at once what retrying cannot fix', () => {
    const problem = { code: 'HASH_MISMATCH', message: 'differs' }
    expect(attemptSettled(attemptStarted(fresh, T0), { action: 'park', problem }, context())).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: problem,
    })
  })

  it('does not count an attempt stopped by a setup problem', () => {
    const problem = { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed' }
    expect(attemptSettled(attemptStarted(fresh, T0), { action: 'stop', problem }, context())).toMatchObject({
      state: 'pending',
      attempts: 0,
      lastError: problem,
    })
  })

  it('gives a parked bundle enqueued again a fresh count, due at once', () => {
    const parked = attemptSettled(
      attemptStarted(fresh, T0),
      { action: 'park', problem: { code: 'REJECTED', message: 'x' } },
      context(),
    )
    expect(requeued(parked, at(9))).toMatchObject({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: null,
      updatedAt: at(9).toISOString(),
    })
  })
})
