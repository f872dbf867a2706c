import { createPublicKey, timingSafeEqual, verify } from 'node:crypto'
import Database from 'better-sqlite3'
import type { Station } from '../station/stationIdentity'
import { assertPragmas } from '../db/database'
import type { StationDatabase } from '../db/database'
import { schemaVersion } from '../db/migrations'
import type { RandomSource } from '../crypto/randomSource'
import { RuntimeError } from '../base/runtimeError'

/**
 * The lab readiness checks: each proves a capability by using it, not by reading a setting. A failure throws with
 * a code saying which capability is missing.
 */
export interface StorageReport {
  journalMode: 'wal'
  synchronous: 'FULL'
  integrity: 'ok'
  schemaVersion: number
  /** A committed write read back by this connection and by a second, read-only one. */
  roundTrip: true
}

export interface KeysReport {
  stationId: string
  /** A fresh message signed by the station and verified with its published public key. */
  signature: 'Ed25519'
  /** A fresh key wrapped and unwrapped under the station master key. */
  keyWrap: 'AES-256-GCM'
}

const failed = (message: string): RuntimeError => new RuntimeError('STORAGE_FAILED', message)

export function checkStorage(
  db: StationDatabase,
  options: { random: RandomSource; at: string; nativeBinding?: string },
): StorageReport {
  assertPragmas(db)
  const integrity = db.pragma('integrity_check', { simple: true }) as unknown
  if (integrity !== 'ok') throw failed(`PRAGMA integrity_check reports: ${String(integrity)}`)

  const token = options.random(16)
  db.prepare(
    'INSERT INTO storage_probe (id, token, written_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET token = excluded.token, written_at = excluded.written_at',
  ).run(token, options.at)
  const readBack = (connection: StationDatabase): Buffer | undefined =>
    connection.prepare<[], Buffer>('SELECT token FROM storage_probe WHERE id = 1').pluck().get()
  const same = (bytes: Buffer | undefined): boolean => bytes?.length === token.length && timingSafeEqual(bytes, token)
  if (!same(readBack(db))) throw failed('a committed write did not read back on the same connection')
  // A second connection sees only what reached the database file (and its WAL), not this connection's cache.
  const { nativeBinding } = options
  const second = new Database(db.name, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  })
  try {
    if (!same(readBack(second))) throw failed('a committed write is not visible to a second connection')
  } finally {
    second.close()
  }
  return { journalMode: 'wal', synchronous: 'FULL', integrity: 'ok', schemaVersion: schemaVersion(db), roundTrip: true }
}

export function checkKeys(station: Station, random: RandomSource): KeysReport {
  const probe = random(32)
  const signature = station.sign(probe)
  if (!verify(null, probe, createPublicKey(station.publicKeyPem), signature)) {
    throw new RuntimeError('KEYS_FAILED', 'a signature made by the station does not verify with its public key')
  }
  const key = random(32)
  let unwrapped: Buffer
  try {
    unwrapped = station.unwrapSessionKey('readiness-probe', station.wrapSessionKey('readiness-probe', key))
  } catch (error) {
    throw new RuntimeError('KEYS_FAILED', 'a key wrapped under the station master key does not unwrap', {
      cause: error,
    })
  }
  if (unwrapped.length !== key.length || !timingSafeEqual(unwrapped, key)) {
    throw new RuntimeError('KEYS_FAILED', 'a key wrapped under the station master key unwraps to other bytes')
  }
  return { stationId: station.stationId, signature: 'Ed25519', keyWrap: 'AES-256-GCM' }
}
