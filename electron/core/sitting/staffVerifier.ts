import { isAdminPasswordFormat, normalizedAdminPassword, PIN_PATTERN } from '../base/staffLockout'
import { fromBase64urlStrict, toBase64url } from '../crypto/base64url'
import { DEFAULT_PIN_PARAMS, hashPin } from '../crypto/secretHash'
import type { PinHash, ScryptParams } from '../crypto/secretHash'
import type { RandomSource } from '../crypto/randomSource'
import type { StaffRole, StaffVerifier } from './sittingSchema'

/**
 * A staff member's secret becomes, in the sitting file, only its scrypt verifier: hashed exactly as the station
 * hashes a proctor PIN or an admin password, so a station can store it as its own credential and check a login
 * against it. The format rules are the station's own (base/staffLockout.ts).
 */
export const SECRET_RULE: Record<StaffRole, string> = {
  proctor: 'a proctor PIN is 6 to 32 digits',
  admin: 'an admin password is 10 to 200 characters',
}

export const secretFits = (role: StaffRole, secret: string): boolean =>
  role === 'proctor' ? PIN_PATTERN.test(secret) : isAdminPasswordFormat(secret)

/** The verifier of a secret that fits its role's rule (check with secretFits first). */
export async function staffVerifier(
  role: StaffRole,
  secret: string,
  random: RandomSource,
  params: ScryptParams = DEFAULT_PIN_PARAMS,
): Promise<StaffVerifier> {
  if (!secretFits(role, secret)) throw new RangeError(SECRET_RULE[role])
  const text = role === 'admin' ? normalizedAdminPassword(secret) : secret
  const hashed = await hashPin(text, random(16), params)
  return { scheme: 'scrypt', params: hashed.params, salt: toBase64url(hashed.salt), hash: toBase64url(hashed.hash) }
}

/** The verifier as the station's credential stores hold it; verifyPin / adminPasswordMatches check against it. */
export const verifierPinHash = (verifier: StaffVerifier): PinHash => ({
  params: verifier.params,
  salt: fromBase64urlStrict(verifier.salt),
  hash: fromBase64urlStrict(verifier.hash),
})
