import type { RandomSource } from '../crypto/randomSource'

/**
 * A session id: `ses_`, the creation time (milliseconds, 12 hex digits) and 48 random bits (12 hex digits), the
 * same shape as before (`ses_` and 24 hex digits). Ids made later sort later, so a running session's events and
 * answers are appended at the end of their B-trees instead of splitting pages in the middle, where a random id
 * put them: about one WAL page less per save (README, performance). Uniqueness rests on the random half; the time
 * is no secret (every event carries it). A clock set back only costs that ordering, never correctness.
 */
const TIME_HEX_DIGITS = 12
const MAX_TIME_MS = 2 ** 48 - 1
const RANDOM_BYTES = 6

export function newSessionId(wallMs: number, random: RandomSource): string {
  const time = Number.isFinite(wallMs) ? Math.min(MAX_TIME_MS, Math.max(0, Math.floor(wallMs))) : 0
  return `ses_${time.toString(16).padStart(TIME_HEX_DIGITS, '0')}${random(RANDOM_BYTES).toString('hex')}`
}
