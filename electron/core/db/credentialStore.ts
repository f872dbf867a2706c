import { createHmac, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from '../base/canonicalJson'
import type { SessionKeyring } from '../crypto/keyring'
import { type LockoutState } from '../base/staffLockout'
import { scryptParamsSchema, type PinHash } from '../crypto/secretHash'
import type { StationDatabase } from './database'
import type { RandomSource } from '../crypto/randomSource'
import { tamperDetected } from './storeError'

/**
 * A station credential (one row in its own table): a secret's scrypt hash and its lockout counters, authenticated
 * by an HMAC under a key wrapped by the station keyring, so nobody with only the database file can swap in a secret
 * of their own or reset the lockout. The proctor PIN and the admin password are two instances; each wraps its MAC
 * key under its own keyring id, so a row copied from one table to the other does not unwrap.
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

  /** Replaces the credential (a new secret) or only its lockout counters; both rewrite the MAC under a fresh key. */
  write(credential: StoredCredential, at: string): void {
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
