import { PIN_PATTERN } from '../base/staffLockout'
import { SessionError } from '../base/sessionErrors'
import type { RandomSource } from '../crypto/randomSource'
import { hashPin, type PinHash, type ScryptParams } from '../crypto/secretHash'

/**
 * The proctor PIN's format rule and hashing, in one place for the session core's setProctorPin and for the admin's
 * setup and reset, which hash first and then write the row and the station seal in one transaction.
 */
export async function hashProctorPin(pin: string, random: RandomSource, params: ScryptParams): Promise<PinHash> {
  if (!PIN_PATTERN.test(pin)) throw new SessionError('PIN_FORMAT', 'the proctor PIN is 6 to 32 digits')
  return hashPin(pin, random(16), params)
}
