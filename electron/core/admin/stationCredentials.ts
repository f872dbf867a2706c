import type { SessionKeyring } from '../crypto/keyring'
import type { Clock } from '../base/clock'
import { NO_LOCKOUT, PIN_PATTERN } from '../base/staffLockout'
import { DEFAULT_PIN_PARAMS, type ScryptParams } from '../crypto/secretHash'
import type { SessionService } from '../session/sessionService'
import { CredentialStore, type CredentialKind } from '../db/credentialStore'
import type { StationDatabase } from '../db/database'
import { PROCTOR_CREDENTIAL } from '../db/proctorCredentialStore'
import type { RandomSource } from '../crypto/randomSource'
import { AdminError } from './adminError'
import { adminPasswordMatches, assertAdminPasswordFormat, hashAdminPassword } from './adminPassword'
import { proctorCheck, noNamedProctors, type NamedProctorLookup, type ProctorProof } from '../session/proctorProof'
import { checkSecret, type SecretCheck } from './secretCheck'
import { StationSeal } from '../db/stationSeal'
import { hashProctorPin } from '../session/proctorPinHash'

export const ADMIN_CREDENTIAL: CredentialKind = {
  table: 'admin_credential',
  keyId: 'station/admin-credential',
  label: 'admin credential',
}

export interface StationCredentialsDeps {
  db: StationDatabase
  keyring: SessionKeyring
  random: RandomSource
  clock: Clock
  /** Whether a proctor PIN is set; the PIN's format rule and hashing are the session core's (proctorPinHash). */
  sessions: Pick<SessionService, 'hasProctorPin'>
  /** scrypt cost for a newly set admin password and proctor PIN; tests lower it. */
  params?: ScryptParams
}

interface Secrets {
  adminPassword: string
  proctorPin: string
}

/** What a reset sets: the admin password, the proctor PIN, or both; a secret not given stays as it is. */
export type CredentialReset = Partial<Secrets>

/** Every secret given is checked before anything is hashed or written. */
export function assertSecretFormats({ adminPassword, proctorPin }: CredentialReset): void {
  if (adminPassword !== undefined) assertAdminPasswordFormat(adminPassword)
  if (proctorPin !== undefined && !PIN_PATTERN.test(proctorPin))
    throw new AdminError('PIN_FORMAT', 'the proctor PIN is 6 to 32 digits')
}

const retrySeconds = (ms: number): string => String(Math.ceil(ms / 1000))

/**
 * The station's two human secrets: the admin password (this module's) and the proctor PIN (the session core's,
 * checked here for the proctor panel's login). A station is "set up" once it has an admin password; setup sets both,
 * and a reset (only with the station's own secret: reset below) replaces either.
 */
export class StationCredentials {
  private readonly admin: CredentialStore
  private readonly proctor: CredentialStore
  private settingUp = false
  /** Covers the credential rows' absence: deleting them is tampering, not a fresh station (issue 11.4). */
  private readonly seal: StationSeal

  constructor(private readonly deps: StationCredentialsDeps) {
    this.seal = new StationSeal(deps.db, deps.keyring, deps.random)
    this.admin = new CredentialStore(deps.db, deps.keyring, deps.random, ADMIN_CREDENTIAL)
    this.proctor = new CredentialStore(deps.db, deps.keyring, deps.random, PROCTOR_CREDENTIAL)
  }

  isSetUp(): boolean {
    this.seal.verify()
    return this.admin.read() !== undefined
  }

  hasProctorPin(): boolean {
    return this.deps.sessions.hasProctorPin()
  }

  /** First run only: both secrets are checked before either is written, and a second setup is refused. */
  async setUp(adminPassword: string, proctorPin: string): Promise<void> {
    // One process owns the station (its lock file), so this flag is enough to stop two setups racing.
    if (this.settingUp || this.isSetUp())
      throw new AdminError('ALREADY_SET_UP', 'this station is already set up; sign in as the administrator')
    assertSecretFormats({ adminPassword, proctorPin })
    this.settingUp = true
    try {
      await this.writeSealed({ adminPassword, proctorPin })
    } finally {
      this.settingUp = false
    }
  }

  /**
   * New secrets on a station already set up, for staff who forgot theirs. No API handler calls this: only a caller
   * that opened the station with its own secret (the CLI's `station reset-credentials`, with the passphrase that
   * unlocks the keyring) reaches it. The seal is verified first, so a station whose rows were deleted stays
   * TAMPER_DETECTED; the lockout of each secret reset starts again from zero, and the old secret stops working.
   */
  async reset(secrets: CredentialReset): Promise<void> {
    if (!this.isSetUp())
      throw new AdminError('NOT_SET_UP', 'this station is not set up yet; set it up in the admin console')
    assertSecretFormats(secrets)
    await this.writeSealed(secrets)
  }

  /** Hashes first (scrypt is async), then the rows and the seal that records them commit in one transaction. */
  private async writeSealed({ adminPassword, proctorPin }: CredentialReset): Promise<void> {
    const params = this.deps.params ?? DEFAULT_PIN_PARAMS
    const admin =
      adminPassword === undefined ? undefined : await hashAdminPassword(adminPassword, this.deps.random(16), params)
    const pin = proctorPin === undefined ? undefined : await hashProctorPin(proctorPin, this.deps.random, params)
    this.seal.changing(() => {
      const at = this.nowIso()
      if (admin) this.admin.write({ secret: admin, lockout: NO_LOCKOUT }, at)
      if (pin) this.proctor.write({ secret: pin, lockout: NO_LOCKOUT }, at)
    })
  }

  /** Throws ADMIN_PASSWORD_INVALID / _LOCKED, or NOT_SET_UP on a station without an admin password. */
  async checkAdminPassword(password: string): Promise<void> {
    const check = await checkSecret(this.admin, password, adminPasswordMatches, this.deps)
    if (check.ok) return
    if (check.reason === 'not_set') throw new AdminError('NOT_SET_UP', 'this station is not set up yet')
    throw this.refusal(check, 'ADMIN_PASSWORD_LOCKED', 'ADMIN_PASSWORD_INVALID', 'admin password')
  }

  /**
   * The proctor panel's login: the station PIN, or a sitting proctor's own PIN by staff id, under the same lockout
   * the session core's PIN gate uses.
   */
  async checkProctorPin(proof: ProctorProof, named: NamedProctorLookup = noNamedProctors): Promise<void> {
    const check = await this.proctor.attempt(proctorCheck(proof, named).matches, this.deps)
    if (check.ok) return
    if (check.reason === 'not_set') throw new AdminError('PIN_NOT_SET', 'no proctor PIN is set on this station')
    throw this.refusal(check, 'PIN_LOCKED', 'PIN_INVALID', 'proctor PIN')
  }

  private refusal(
    check: Extract<SecretCheck, { reason: 'locked' | 'invalid' }>,
    locked: 'ADMIN_PASSWORD_LOCKED' | 'PIN_LOCKED',
    invalid: 'ADMIN_PASSWORD_INVALID' | 'PIN_INVALID',
    what: string,
  ): AdminError {
    if (check.reason === 'locked') {
      return new AdminError(locked, `too many wrong attempts; try again in ${retrySeconds(check.retryAfterMs)} s`, {
        retryAfterMs: check.retryAfterMs,
      })
    }
    return new AdminError(invalid, `the ${what} is not correct`, {
      failures: check.failures,
      retryAfterMs: check.retryAfterMs,
    })
  }

  private nowIso(): string {
    return new Date(this.deps.clock.wallMs()).toISOString()
  }
}
