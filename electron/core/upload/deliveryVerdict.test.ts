import { describe, expect, it } from 'vitest'
import { backoffDelay, judgeDelivery } from './deliveryVerdict'
import type { TransportOutcome } from './deliveryVerdict'

const SHA = 'a'.repeat(64)
const response = (status: number, body: unknown): TransportOutcome => ({
  kind: 'response',
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

describe('judgeDelivery', () => {
  it('is delivered only when a 2xx reply echoes this exact hash', () => {
    expect(judgeDelivery(SHA, response(200, { sha256: SHA, status: 'imported' }))).toEqual({
      action: 'delivered',
      status: 'imported',
    })
    expect(judgeDelivery(SHA, response(201, { sha256: SHA, status: 'duplicate' }))).toEqual({
      action: 'delivered',
      status: 'duplicate',
    })
  })

  it('parks a hash mismatch for the admin', () => {
    const verdict = judgeDelivery(SHA, response(200, { sha256: 'b'.repeat(64), status: 'imported' }))
    expect(verdict).toMatchObject({ action: 'park', problem: { code: 'HASH_MISMATCH' } })
  })

  it('retries a 2xx it cannot read: no hash, another status word, not JSON', () => {
    for (const body of [
      { status: 'imported' },
      { sha256: SHA, status: 'ok' },
      'OK',
      '',
      'null',
      { sha256: 5, status: 'imported' },
    ]) {
      expect(judgeDelivery(SHA, response(200, body)), JSON.stringify(body)).toMatchObject({
        action: 'retry',
        problem: { code: 'BAD_REPLY' },
      })
    }
  })

  it('retries server errors, overload and timeouts', () => {
    for (const status of [500, 502, 503, 504, 408, 425, 429]) {
      expect(judgeDelivery(SHA, response(status, '')), String(status)).toMatchObject({
        action: 'retry',
        problem: { code: `HTTP_${String(status)}` },
      })
    }
  })

  it('retries when there is no reply at all', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'TIMEOUT', 'EPIPE', 'ENOTFOUND']) {
      expect(judgeDelivery(SHA, { kind: 'error', code, message: code })).toEqual({
        action: 'retry',
        problem: { code, message: code },
      })
    }
  })

  it('stops the run when the server certificate is not trusted', () => {
    for (const code of [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'CERT_HAS_EXPIRED',
    ]) {
      expect(judgeDelivery(SHA, { kind: 'error', code, message: 'x' }).action, code).toBe('stop')
    }
  })

  it('parks a rejected bundle with the server reason, and any other client error', () => {
    const rejected = judgeDelivery(
      SHA,
      response(422, { sha256: SHA, status: 'rejected', code: 'FOREIGN_STATION', reason: 'not enrolled' }),
    )
    expect(rejected).toEqual({
      action: 'park',
      problem: { code: 'REJECTED', message: 'the server refused the bundle: FOREIGN_STATION not enrolled' },
    })
    for (const status of [400, 404, 405, 413, 415, 301]) {
      expect(judgeDelivery(SHA, response(status, { error: 'x' })).action, String(status)).toBe('park')
    }
  })
})

describe('backoffDelay', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 }

  it('doubles per failed attempt, with half of it random, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0, policy))).toEqual([500, 1_000, 2_000, 4_000])
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 1, policy))).toEqual([1_000, 2_000, 4_000, 8_000])
    expect(backoffDelay(3, () => 0.5, policy)).toBe(3_000)
    expect(backoffDelay(20, () => 1, policy)).toBe(60_000)
    expect(backoffDelay(20, () => 0, policy)).toBe(30_000)
  })

  it('never waits zero, so a flapping server is not hammered', () => {
    expect(backoffDelay(1, () => 0, policy)).toBeGreaterThan(0)
    expect(backoffDelay(0, () => 0, policy)).toBe(500)
  })
})
