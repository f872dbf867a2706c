import { timingSafeEqual } from 'node:crypto'
import { hashPin, type PinHash, type ScryptParams } from '../crypto/secretHash'
import { AdminError } from './adminError'

/**
 * The admin password: any characters, 10 to 200 of them after NFC normalisation (the same password typed through
 * different input methods must match). Hashed with scrypt exactly like the proctor PIN, whose hashing is reused;
 * only the format rule differs.
 */
export const ADMIN_PASSWORD_MIN = 10
export const ADMIN_PASSWORD_MAX = 200

const normalized = (password: string): string => password.normalize('NFC')

export const isAdminPasswordFormat = (password: string): boolean => {
  const length = [...normalized(password)].length
  return length >= ADMIN_PASSWORD_MIN && length <= ADMIN_PASSWORD_MAX && normalized(password).trim().length > 0
}

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
