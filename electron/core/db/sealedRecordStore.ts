import type { Statement } from 'better-sqlite3'
import { DecryptionError, open, seal } from '../crypto/aead'
import { canonicalJson } from '../base/canonicalJson'
import type { SessionKeyring } from '../crypto/keyring'
import type { StationDatabase } from './database'
import type { RandomSource } from '../crypto/randomSource'
import { tamperDetected } from './storeError'

/**
 * Small station-wide records kept as one JSON value each, sealed like installed exams: AES-256-GCM under a fresh
 * data key per write, the key stored only wrapped by the station keyring. The roster holds candidates' names, so it
 * must not sit in the file in clear; the trusted authority keys are public, but sealing them makes an edit to the
 * list (a key slipped in with only the database file) fail to open instead of being trusted. The installed sitting
 * is one too: its room key and signed environment policy decide what the station believes.
 */
export type SealedRecordName = 'trusted_authorities' | 'roster' | 'installed_sitting'

interface SealedRow {
  wrapped_key: Buffer
  nonce: Buffer
  ciphertext: Buffer
  updated_at: string
}

const DATA_KEY_BYTES = 32
const NONCE_BYTES = 12

const keyringId = (name: SealedRecordName): string => `station/record/${name}`
const aad = (name: SealedRecordName): Buffer => Buffer.from(canonicalJson(['invigil-station-record/1', name]), 'utf8')

export class SealedRecordStore {
  private readonly getRow: Statement<[string], SealedRow>
  private readonly putRow: Statement<[string, Buffer, Buffer, Buffer, string]>
  private readonly deleteRow: Statement<[string]>

  constructor(
    db: StationDatabase,
    private readonly keyring: SessionKeyring,
    private readonly random: RandomSource,
  ) {
    this.getRow = db.prepare('SELECT wrapped_key, nonce, ciphertext, updated_at FROM sealed_records WHERE name = ?')
    this.putRow = db.prepare(`
      INSERT INTO sealed_records (name, wrapped_key, nonce, ciphertext, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET wrapped_key = excluded.wrapped_key, nonce = excluded.nonce,
        ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`)
    this.deleteRow = db.prepare('DELETE FROM sealed_records WHERE name = ?')
  }

  /** The stored value (parsed JSON) and when it was written; undefined when never written. */
  get(name: SealedRecordName): { value: unknown; updatedAt: string } | undefined {
    const row = this.getRow.get(name)
    if (!row) return undefined
    let dataKey: Buffer
    try {
      dataKey = this.keyring.unwrapSessionKey(keyringId(name), row.wrapped_key)
    } catch {
      throw tamperDetected(`the key of the station's ${name} record does not unwrap`)
    }
    try {
      const value: unknown = JSON.parse(
        open(dataKey, { nonce: row.nonce, ciphertext: row.ciphertext }, aad(name)).toString('utf8'),
      )
      return { value, updatedAt: row.updated_at }
    } catch (error) {
      if (error instanceof DecryptionError)
        throw tamperDetected(`the station's ${name} record does not decrypt under its own key`)
      throw error
    } finally {
      dataKey.fill(0)
    }
  }

  put(name: SealedRecordName, value: unknown, at: string): void {
    const dataKey = this.random(DATA_KEY_BYTES)
    try {
      const sealed = seal(dataKey, Buffer.from(canonicalJson(value), 'utf8'), aad(name), this.random(NONCE_BYTES))
      this.putRow.run(name, this.keyring.wrapSessionKey(keyringId(name), dataKey), sealed.nonce, sealed.ciphertext, at)
    } finally {
      dataKey.fill(0)
    }
  }

  delete(name: SealedRecordName): void {
    this.deleteRow.run(name)
  }
}
