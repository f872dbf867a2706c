import type { StationAdmission } from './roomTypes'

/**
 * Who may take part, decided when a station is first heard and kept in the room store: a station the sitting lists
 * is admitted; when the sitting lists none, a station on this very PC (loopback) is admitted in demo mode only
 * (`room serve --demo`, asked for explicitly: a real sitting's room on loopback is no demo); any other station
 * waits, pending, for a proctor's approval. A listed station cannot be refused, and nothing admits itself.
 */
export interface FirstContact {
  stationId: string
  /** The sitting's station list; null when it has none. */
  listed: readonly string[] | null
  demo: boolean
  loopback: boolean
}

export const DEMO_LOOPBACK = 'demo-loopback'

export function admissionOnFirstContact(contact: FirstContact): {
  admission: StationAdmission
  decidedBy: string | null
} {
  if (contact.listed?.includes(contact.stationId)) return { admission: 'listed', decidedBy: null }
  if (contact.listed === null && contact.demo && contact.loopback)
    return { admission: 'approved', decidedBy: DEMO_LOOPBACK }
  return { admission: 'pending', decidedBy: null }
}

export const isAdmitted = (admission: StationAdmission): boolean => admission === 'listed' || admission === 'approved'

/** Envelopes sent further than this from the room's clock, either way, are refused: replays and lost clocks. */
export const CLOCK_WINDOW_MS = 5 * 60_000

/** The send time in ms if it is a real ISO time within the window of `nowMs`; otherwise why not. */
export function freshness(
  sentAt: unknown,
  nowMs: number,
  windowMs = CLOCK_WINDOW_MS,
): { ok: true; sentAtMs: number } | { ok: false; reason: string } {
  const ms = typeof sentAt === 'string' ? Date.parse(sentAt) : NaN
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(String(sentAt)) || Number.isNaN(ms))
    return { ok: false, reason: 'the envelope carries no ISO sentAt time' }
  const skew = ms - nowMs
  if (Math.abs(skew) > windowMs)
    return {
      ok: false,
      reason: `the envelope was sent at ${String(sentAt)}, ${String(Math.round(Math.abs(skew) / 1000))} s ${skew < 0 ? 'before' : 'after'} the room's clock (at most ${String(windowMs / 1000)} s either way)`,
    }
  return { ok: true, sentAtMs: ms }
}

/** 16 random bytes in base64url, as the protocol says. */
export const isEnvelopeNonce = (nonce: unknown): nonce is string =>
  typeof nonce === 'string' && /^[A-Za-z0-9_-]{22}$/.test(nonce)
