import { scrypt, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { PIN_PATTERN } from '../base/staffLockout'

/**
 * Staff secrets (proctor PIN, admin password) are stored only as an scrypt hash with its salt and parameters and
 * compared in constant time.
 */
export const scryptParamsSchema = z.strictObject({
  N: z
    .number()
    .int()
    .min(2)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.number().int().min(16).max(64),
})
export type ScryptParams = z.infer<typeof scryptParamsSchema>

/** About 50-100 ms on a lab PC: cheap for a proctor, slow for a brute force of a short numeric PIN. */
export const DEFAULT_PIN_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 }

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
