import { timingSafeEqual } from 'node:crypto'
import { hashPin, type PinHash, type ScryptParams } from '../crypto/secretHash'
import {
  ADMIN_PASSWORD_MAX,
  ADMIN_PASSWORD_MIN,
  isAdminPasswordFormat,
  normalizedAdminPassword,
} from '../base/staffLockout'
import { AdminError } from './adminError'

/**
 * The admin password's format rule lives in base/staffLockout.ts beside the PIN's; it is hashed with scrypt exactly
 * like the proctor PIN, whose hashing is reused.
 */
export { ADMIN_PASSWORD_MAX, ADMIN_PASSWORD_MIN, isAdminPasswordFormat }

const normalized = normalizedAdminPassword

export function assertAdminPasswordFormat(password: string): void {
  if (!isAdminPasswordFormat(password)) {
    throw new AdminError(
      'ADMIN_PASSWORD_FORMAT',
      `the admin password is ${String(ADMIN_PASSWORD_MIN)} to ${String(ADMIN_PASSWORD_MAX)} characters`,
      {
        min: ADMIN_PASSWORD_MIN,
        max: ADMIN_PASSWORD_MAX,
      },
    )
  }
}

export const hashAdminPassword = (password: string, salt: Buffer, params: ScryptParams): Promise<PinHash> =>
  hashPin(normalized(password), salt, params)

export async function adminPasswordMatches(password: string, stored: PinHash): Promise<boolean> {
  // A malformed attempt still costs a full derivation, so timing says nothing about why it failed.
  const wellFormed = isAdminPasswordFormat(password)
  const { hash } = await hashPin(wellFormed ? normalized(password) : '', stored.salt, stored.params)
  return wellFormed && hash.length === stored.hash.length && timingSafeEqual(hash, stored.hash)
}
