import type { Clock } from '../base/clock'
import { type PinHash } from '../crypto/secretHash'
import type { CredentialAttempt, CredentialStore } from '../db/credentialStore'

/**
 * One checked attempt at a station secret (the proctor PIN at the proctor panel's login, the admin password), under
 * the same lockout as the session core's PIN gate: reserved before the hash runs, refused unchecked while locked,
 * counted when wrong, cleared when right. The counters belong to the credential (credentialStore.ts), so they are
 * shared with every other path that checks the same secret and survive a restart.
 */
export type SecretCheck = CredentialAttempt

export interface SecretCheckDeps {
  clock: Clock
  /** Where a lockout row that could not be stored is reported. */
  log?: (message: string, error: unknown) => void
}

export async function checkSecret(
  store: CredentialStore,
  secret: string,
  matches: (secret: string, stored: PinHash) => Promise<boolean>,
  deps: SecretCheckDeps,
): Promise<SecretCheck> {
  return await store.attempt((stored) => matches(secret, stored), deps)
}
