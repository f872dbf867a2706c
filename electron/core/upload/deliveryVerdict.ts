import type { OutboxProblem } from './outboxEntry'

/** What one POST came back with: a response (any status), or no response at all. */
export type TransportOutcome =
  { kind: 'response'; status: number; body: string } | { kind: 'error'; code: string; message: string }

/**
 * delivered: the server holds exactly these bytes; retry: a passing problem (server down, overloaded, slow);
 * park: retrying cannot help, the admin must look (rejected bundle, hash mismatch); stop: the run is set up wrong
 * (the server's certificate is not trusted), so every bundle would fail the same way: the run ends and the
 * attempt is not counted against the bundle.
 */
export type DeliveryVerdict =
  | { action: 'delivered'; status: 'imported' | 'duplicate' }
  | { action: 'retry' | 'park' | 'stop'; problem: OutboxProblem }

/** Node's codes for a certificate chain or name that does not check out: a configuration problem, not a network one. */
const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

const RETRYABLE_STATUS = new Set([408, 425, 429])

function parseReply(
  body: string,
): { sha256?: unknown; status?: unknown; code?: unknown; reason?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null ? value : undefined
  } catch {
    return undefined
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value.slice(0, 500) : undefined)

/**
 * Judges one attempt. A bundle counts as delivered only when a 2xx reply names, as its sha256, the SHA-256 of the
 * bytes sent: anything less (no reply, another hash, a reply we cannot read) leaves it undelivered.
 */
export function judgeDelivery(localSha256: string, outcome: TransportOutcome): DeliveryVerdict {
  if (outcome.kind === 'error') {
    const problem = { code: outcome.code, message: outcome.message }
    return { action: TLS_TRUST_CODES.has(outcome.code) ? 'stop' : 'retry', problem }
  }
  const { status } = outcome
  const reply = parseReply(outcome.body)
  if (status >= 200 && status < 300) {
    if (typeof reply?.sha256 !== 'string' || (reply.status !== 'imported' && reply.status !== 'duplicate')) {
      return {
        action: 'retry',
        problem: { code: 'BAD_REPLY', message: `the server answered ${String(status)} without {sha256, status}` },
      }
    }
    if (reply.sha256 !== localSha256) {
      return {
        action: 'park',
        problem: {
          code: 'HASH_MISMATCH',
          message: `the server confirmed ${reply.sha256.slice(0, 64)}, not this bundle's ${localSha256}: the bytes it holds differ`,
        },
      }
    }
    return { action: 'delivered', status: reply.status }
  }
  const why = text(reply?.reason) ?? text(reply?.code) ?? `HTTP ${String(status)}`
  if (status >= 500 || RETRYABLE_STATUS.has(status))
    return { action: 'retry', problem: { code: `HTTP_${String(status)}`, message: why } }
  if (status === 422)
    return {
      action: 'park',
      problem: {
        code: 'REJECTED',
        message: `the server refused the bundle: ${text(reply?.code) ?? ''} ${text(reply?.reason) ?? ''}`.trim(),
      },
    }
  // Any other answer (404, 413, 415, a redirect…) will not change by asking again.
  return { action: 'park', problem: { code: `HTTP_${String(status)}`, message: why } }
}

export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  baseMs: number
  /** Longest delay between attempts. */
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 10 * 60_000 }

/**
 * Exponential backoff with "equal jitter": half the exponential delay for certain, the other half at random, so
 * many stations that lost the same server do not all come back at the same instant, and none retries at once.
 */
export function backoffDelay(
  failedAttempts: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failedAttempts - 1))
  return Math.round(exponential / 2 + random() * (exponential / 2))
}
