import { createHmac, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from '../base/canonicalJson'
import type { SessionKeyring } from '../crypto/keyring'
import type { Clock } from '../base/clock'
import { AttemptLedger, type LockoutState } from '../base/staffLockout'
import { scryptParamsSchema, type PinHash } from '../crypto/secretHash'
import type { StationDatabase } from './database'
import type { RandomSource } from '../crypto/randomSource'
import { tamperDetected } from './storeError'

/**
 * A station credential (one row in its own table): a secret's scrypt hash and its lockout counters, authenticated
 * by an HMAC under a key wrapped by the station keyring, so nobody with only the database file can swap in a secret
 * of their own or reset the lockout. The proctor PIN and the admin password are two instances; each wraps its MAC
 * key under its own keyring id, so a row copied from one table to the other does not unwrap.
 *
 * Attempts are counted in memory first (one ledger per credential per open database, shared by every store object
 * over it) and persisted best-effort: the count in memory is what refuses a burst, and a full disk must never lock
 * staff out, so a row that cannot be written is logged and the count kept.
 */
export interface StoredCredential {
  secret: PinHash
  lockout: LockoutState
}

export interface CredentialKind {
  /** Fixed table names only: the name is part of the SQL text. */
  table: 'proctor_credential' | 'admin_credential'
  /** The keyring id the MAC key is wrapped under; no session can have it (session ids are `ses_<hex>`). */
  keyId: string
  /** Says which credential a tamper report is about. */
  label: string
}

interface CredentialRow {
  params: string
  salt: Buffer
  hash: Buffer
  failures: number
  locked_until_ms: number
  mac_key_wrapped: Buffer
  mac: Buffer
}

/** One checked (or refused) attempt at a credential's secret. */
export type CredentialAttempt =
  | { ok: true }
  | { ok: false; reason: 'not_set' }
  | { ok: false; reason: 'locked'; retryAfterMs: number }
  | { ok: false; reason: 'invalid'; failures: number; retryAfterMs: number }

export interface CredentialAttemptDeps {
  clock: Clock
  /** Where a lockout row that could not be written is reported; stderr by default. */
  log?: (message: string, error: unknown) => void
}

/** The ledgers of each open database: a restart (a new connection) starts again from the stored rows. */
const ledgers = new WeakMap<StationDatabase, Map<CredentialKind['table'], AttemptLedger>>()

const isStorageFailure = (error: unknown): boolean =>
  error instanceof Error && String((error as { code?: unknown }).code).startsWith('SQLITE_')

export class CredentialStore {
  constructor(
    private readonly db: StationDatabase,
    private readonly keyring: SessionKeyring,
    private readonly random: RandomSource,
    private readonly kind: CredentialKind,
  ) {}

  read(): StoredCredential | undefined {
    const { table, keyId, label } = this.kind
    const row = this.db.prepare<[], CredentialRow>(`SELECT * FROM ${table} WHERE id = 1`).get()
    if (!row) return undefined
    let macKey: Buffer
    try {
      macKey = this.keyring.unwrapSessionKey(keyId, row.mac_key_wrapped)
    } catch {
      throw tamperDetected(`the ${label} key does not unwrap`)
    }
    const credential = {
      secret: { params: scryptParamsSchema.parse(JSON.parse(row.params)), salt: row.salt, hash: row.hash },
      lockout: { failures: row.failures, lockedUntilMs: row.locked_until_ms },
    }
    const expected = credentialMac(macKey, credential)
    if (row.mac.length !== expected.length || !timingSafeEqual(row.mac, expected))
      throw tamperDetected(`the ${label} MAC does not match`)
    return credential
  }

  /** Sets a new secret (or a restored row): its lockout becomes the one counted from now on. */
  write(credential: StoredCredential, at: string): void {
    this.writeRow(credential, at)
    ledgers.get(this.db)?.get(this.kind.table)?.restart(credential.lockout)
  }

  /**
   * One attempt under the lockout: reserved (counted and persisted) before `matches` runs the slow hash, refused
   * unchecked while locked, settled after. A persist that fails for lack of storage does not change the outcome.
   */
  async attempt(
    matches: (stored: PinHash) => Promise<boolean>,
    deps: CredentialAttemptDeps,
  ): Promise<CredentialAttempt> {
    const credential = this.read()
    if (!credential) return { ok: false, reason: 'not_set' }
    const ledger = this.ledger(credential.lockout)
    const reserved = ledger.reserve(deps.clock.wallMs())
    if (!reserved.ok) return { ok: false, reason: 'locked', retryAfterMs: reserved.retryAfterMs }
    // Stored before the check too, so killing the process mid-hash does not buy a free guess.
    this.persistLockout(ledger.lockout, deps)
    const ok = await matches(credential.secret)
    const lockout = ledger.settle(reserved, ok, deps.clock.wallMs())
    this.persistLockout(lockout, deps)
    if (ok) return { ok: true }
    const retryAfterMs = Math.max(0, lockout.lockedUntilMs - deps.clock.wallMs())
    return { ok: false, reason: 'invalid', failures: lockout.failures, retryAfterMs }
  }

  private ledger(stored: LockoutState): AttemptLedger {
    let byTable = ledgers.get(this.db)
    if (!byTable) ledgers.set(this.db, (byTable = new Map()))
    let ledger = byTable.get(this.kind.table)
    if (!ledger) byTable.set(this.kind.table, (ledger = new AttemptLedger(stored)))
    return ledger
  }

  /** Best-effort: re-reads the secret (it may have been replaced meanwhile) and stores the counters beside it. */
  private persistLockout(lockout: LockoutState, deps: CredentialAttemptDeps): void {
    try {
      this.db.transaction(() => {
        const current = this.read()
        if (current) this.writeRow({ secret: current.secret, lockout }, new Date(deps.clock.wallMs()).toISOString())
      })()
    } catch (error) {
      if (!isStorageFailure(error)) throw error
      ;(deps.log ?? console.error)(
        `invigil: the ${this.kind.label} lockout could not be stored; counted in memory:`,
        error,
      )
    }
  }

  private writeRow(credential: StoredCredential, at: string): void {
    const macKey = this.random(32)
    this.db
      .prepare(
        `INSERT INTO ${this.kind.table} (id, params, salt, hash, failures, locked_until_ms, mac_key_wrapped, mac, updated_at)
         VALUES (1, @params, @salt, @hash, @failures, @locked, @wrapped, @mac, @at)
         ON CONFLICT (id) DO UPDATE SET params = @params, salt = @salt, hash = @hash, failures = @failures,
           locked_until_ms = @locked, mac_key_wrapped = @wrapped, mac = @mac, updated_at = @at`,
      )
      .run({
        params: canonicalJson(credential.secret.params),
        salt: credential.secret.salt,
        hash: credential.secret.hash,
        failures: credential.lockout.failures,
        locked: credential.lockout.lockedUntilMs,
        wrapped: this.keyring.wrapSessionKey(this.kind.keyId, macKey),
        mac: credentialMac(macKey, credential),
        at,
      })
  }
}

const credentialMac = (key: Buffer, credential: StoredCredential): Buffer =>
  createHmac('sha256', key)
    .update(
      canonicalJson({
        v: 1,
        params: credential.secret.params,
        salt: credential.secret.salt.toString('hex'),
        hash: credential.secret.hash.toString('hex'),
        failures: credential.lockout.failures,
        lockedUntilMs: credential.lockout.lockedUntilMs,
      }),
    )
    .digest()
