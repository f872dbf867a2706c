import { createHmac, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from '../crypto/canonicalJson'
import type { SessionKeyring } from '../crypto/keyring'
import { scryptParamsSchema, type LockoutState, type PinHash } from '../session/proctorAuth'
import type { StationDatabase } from './database'
import type { RandomSource } from './sessionCrypto'
import { tamperDetected } from './storeError'

/**
 * The station's proctor credential (one row): the PIN's scrypt hash and the lockout counters, authenticated by an
 * HMAC under a key wrapped by the station keyring, so nobody with only the database file can swap in a PIN of their
 * own or reset the lockout.
 */
export interface ProctorCredential {
  pin: PinHash
  lockout: LockoutState
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

/** The keyring wraps this key like a session key, under an id no session can have (session ids are `ses_<hex>`). */
const CREDENTIAL_KEY_ID = 'station/proctor-credential'

export class ProctorCredentialStore {
  constructor(
    private readonly db: StationDatabase,
    private readonly keyring: SessionKeyring,
    private readonly random: RandomSource,
  ) {}

  read(): ProctorCredential | undefined {
    const row = this.db.prepare<[], CredentialRow>('SELECT * FROM proctor_credential WHERE id = 1').get()
    if (!row) return undefined
    let macKey: Buffer
    try {
      macKey = this.keyring.unwrapSessionKey(CREDENTIAL_KEY_ID, row.mac_key_wrapped)
    } catch {
      throw tamperDetected('the proctor credential key does not unwrap')
    }
    const credential = {
      pin: { params: scryptParamsSchema.parse(JSON.parse(row.params)), salt: row.salt, hash: row.hash },
      lockout: { failures: row.failures, lockedUntilMs: row.locked_until_ms },
    }
    const expected = credentialMac(macKey, credential)
    if (row.mac.length !== expected.length || !timingSafeEqual(row.mac, expected)) {
      throw tamperDetected('the proctor credential MAC does not match')
    }
    return credential
  }

  /** Replaces the credential (new PIN) or only its lockout counters; both rewrite the MAC under a fresh key. */
  write(credential: ProctorCredential, at: string): void {
    const macKey = this.random(32)
    this.db
      .prepare(
        `INSERT INTO proctor_credential (id, params, salt, hash, failures, locked_until_ms, mac_key_wrapped, mac, updated_at)
         VALUES (1, @params, @salt, @hash, @failures, @locked, @wrapped, @mac, @at)
         ON CONFLICT (id) DO UPDATE SET params = @params, salt = @salt, hash = @hash, failures = @failures,
           locked_until_ms = @locked, mac_key_wrapped = @wrapped, mac = @mac, updated_at = @at`,
      )
      .run({
        params: canonicalJson(credential.pin.params),
        salt: credential.pin.salt,
        hash: credential.pin.hash,
        failures: credential.lockout.failures,
        locked: credential.lockout.lockedUntilMs,
        wrapped: this.keyring.wrapSessionKey(CREDENTIAL_KEY_ID, macKey),
        mac: credentialMac(macKey, credential),
        at,
      })
  }
}

const credentialMac = (key: Buffer, credential: ProctorCredential): Buffer =>
  createHmac('sha256', key)
    .update(
      canonicalJson({
        v: 1,
        params: credential.pin.params,
        salt: credential.pin.salt.toString('hex'),
        hash: credential.pin.hash.toString('hex'),
        failures: credential.lockout.failures,
        lockedUntilMs: credential.lockout.lockedUntilMs,
      }),
    )
    .digest()
