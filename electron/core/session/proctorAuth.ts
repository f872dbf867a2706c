import { scrypt, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/**
 * The proctor PIN: stored only as an scrypt hash with its salt and parameters, compared in constant time, and guarded
 * by a lockout that grows with consecutive failures. The lockout policy is pure so it can be tested exhaustively.
 */
export const scryptParamsSchema = z.strictObject({
  N: z.number().int().min(2).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.number().int().min(16).max(64),
})
export type ScryptParams = z.infer<typeof scryptParamsSchema>

/** About 50-100 ms on a lab PC: cheap for a proctor, slow for a brute force of a short numeric PIN. */
export const DEFAULT_PIN_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 }

export const PIN_PATTERN = /^\d{6,32}$/

export interface PinHash {
  params: ScryptParams
  salt: Buffer
  hash: Buffer
}

const derive = (pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const { N, r, p, keyLength } = params
    scrypt(pin, salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (error, key) => {
      if (error) reject(error)
      else resolve(key)
    })
  })

export async function hashPin(pin: string, salt: Buffer, params: ScryptParams = DEFAULT_PIN_PARAMS): Promise<PinHash> {
  return { params, salt, hash: await derive(pin, salt, params) }
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  // Malformed input still costs a full derivation, so timing says nothing about why an attempt failed.
  const candidate = await derive(PIN_PATTERN.test(pin) ? pin : '', stored.salt, stored.params)
  return PIN_PATTERN.test(pin) && candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash)
}

export const LOCKOUT_AFTER_FAILURES = 5
export const LOCKOUT_BASE_MS = 30_000
export const LOCKOUT_CAP_MS = 15 * 60_000

export interface LockoutState {
  /** Consecutive failed attempts since the last success. */
  failures: number
  /** Wall-clock ms before which attempts are refused unchecked. */
  lockedUntilMs: number
}
export const NO_LOCKOUT: LockoutState = { failures: 0, lockedUntilMs: 0 }

/** 0 below the threshold, then 30 s, 60 s, 120 s ... doubling per further failure, capped at 15 min. */
export function lockoutDelayMs(failures: number): number {
  if (failures < LOCKOUT_AFTER_FAILURES) return 0
  return Math.min(LOCKOUT_CAP_MS, LOCKOUT_BASE_MS * 2 ** Math.min(failures - LOCKOUT_AFTER_FAILURES, 30))
}

export type LockoutStatus = { locked: false } | { locked: true; retryAfterMs: number }

export const lockoutStatus = (state: LockoutState, nowMs: number): LockoutStatus =>
  nowMs < state.lockedUntilMs ? { locked: true, retryAfterMs: state.lockedUntilMs - nowMs } : { locked: false }

/** The state after a checked attempt. Attempts refused while locked are not checked and do not come here. */
export function afterAttempt(state: LockoutState, ok: boolean, nowMs: number): LockoutState {
  if (ok) return NO_LOCKOUT
  const failures = state.failures + 1
  const delay = lockoutDelayMs(failures)
  return { failures, lockedUntilMs: delay > 0 ? nowMs + delay : 0 }
}
