import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { masterKeyKeyring } from '../crypto/keyring'
import { openStationDatabase, type StationDatabase } from './database'
import { SealedRecordStore } from './sealedRecordStore'
import { defaultRandom } from '../crypto/randomSource'

let dir: string
let db: StationDatabase
const keyring = masterKeyKeyring(randomBytes(32))
const at = '2026-11-23T09:00:00.000Z'

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-sealed-'))
  db = openStationDatabase(join(dir, 'station.db'))
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('sealed station records', () => {
  it('round-trips a value, replaces it on the next write, and forgets it on delete', () => {
    const records = new SealedRecordStore(db, keyring, defaultRandom)
    expect(records.get('roster')).toBeUndefined()
    records.put('roster', { rows: ['a'] }, at)
    records.put('roster', { rows: ['b'] }, at)
    expect(records.get('roster')?.value).toEqual({ rows: ['b'] })
    records.delete('roster')
    expect(records.get('roster')).toBeUndefined()
  })

  it('reports tampering: a record moved under another name, or opened with another station key', () => {
    const records = new SealedRecordStore(db, keyring, defaultRandom)
    records.put('roster', ['secret names'], at)
    db.exec(
      "INSERT INTO sealed_records SELECT 'trusted_authorities', wrapped_key, nonce, ciphertext, updated_at FROM sealed_records WHERE name = 'roster'",
    )
    expect(() => records.get('trusted_authorities')).toThrow(/does not unwrap/)
    expect(() => new SealedRecordStore(db, masterKeyKeyring(randomBytes(32)), defaultRandom).get('roster')).toThrow(
      /TAMPER|tamper/,
    )
  })
})
