import type { SessionKeyring } from '../crypto/keyring'
import type { LockoutState } from '../base/staffLockout'
import type { PinHash } from '../crypto/secretHash'
import {
  CredentialStore,
  type CredentialAttempt,
  type CredentialAttemptDeps,
  type CredentialKind,
} from './credentialStore'
import type { StationDatabase } from './database'
import type { RandomSource } from '../crypto/randomSource'

/**
 * The station's proctor credential: the PIN's scrypt hash and the lockout counters, stored and authenticated as
 * every station credential is (credentialStore.ts).
 */
export interface ProctorCredential {
  pin: PinHash
  lockout: LockoutState
}

export const PROCTOR_CREDENTIAL: CredentialKind = {
  table: 'proctor_credential',
  keyId: 'station/proctor-credential',
  label: 'proctor credential',
}

export class ProctorCredentialStore {
  private readonly store: CredentialStore

  constructor(db: StationDatabase, keyring: SessionKeyring, random: RandomSource) {
    this.store = new CredentialStore(db, keyring, random, PROCTOR_CREDENTIAL)
  }

  read(): ProctorCredential | undefined {
    const stored = this.store.read()
    return stored && { pin: stored.secret, lockout: stored.lockout }
  }

  /** Sets a new PIN (with its lockout); attempts go through `attempt`, which keeps the counters. */
  write(credential: ProctorCredential, at: string): void {
    this.store.write({ secret: credential.pin, lockout: credential.lockout }, at)
  }

  attempt(matches: (stored: PinHash) => Promise<boolean>, deps: CredentialAttemptDeps): Promise<CredentialAttempt> {
    return this.store.attempt(matches, deps)
  }
}
