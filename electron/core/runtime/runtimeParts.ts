import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { systemClock } from '../base/clock'
import type { Clock } from '../base/clock'
import { RuntimeError } from '../base/runtimeError'
import type { KeyProtector } from '../crypto/keyProtector'
import { defaultRandom } from '../crypto/randomSource'
import type { RandomSource } from '../crypto/randomSource'
import type { ScryptParams } from '../crypto/secretHash'
import { openStationDatabase } from '../db/database'
import type { StationDatabase } from '../db/database'
import { readStationText } from '../station/stationFile'
import { openOrCreateStation } from '../station/stationIdentity'
import type { Station } from '../station/stationIdentity'
import { acquireStationLock } from './stationLock'
import type { StationLock } from './stationLock'

export const STATION_DB_FILE = 'station.db'

export interface StationRuntimeOptions {
  /** Created on first use (mode 0700) and reused after: station.json, station.db, station.lock. */
  dataDir: string
  protector: KeyProtector
  clock?: Clock
  /** better-sqlite3's addon for the running ABI (Electron); plain Node finds its own. */
  nativeBinding?: string
  random?: RandomSource
  /** scrypt cost for newly set proctor PINs and admin passwords; tests lower it. */
  pinParams?: ScryptParams
}

/** What a StationRuntime is built from: the unlocked station, its open database and the data directory's lock. */
export interface RuntimeParts {
  dataDir: string
  station: Station
  stationCreated: boolean
  db: StationDatabase
  lock: StationLock
  clock: Clock
  random: RandomSource
  nativeBinding?: string
  pinParams?: ScryptParams
}

/**
 * Creates the data directory on first use, takes its lock, unlocks (or creates) the station and opens its database.
 * On failure whatever was opened is closed and the lock released; on success the caller owns both.
 */
export async function openRuntimeParts(options: StationRuntimeOptions): Promise<RuntimeParts> {
  const { dataDir, protector } = options
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new RuntimeError(
      'DATA_DIR_UNAVAILABLE',
      `cannot create the station data directory ${dataDir}: ${(error as Error).message}`,
    )
  }
  const lock = await acquireStationLock(dataDir)
  let db: StationDatabase | undefined
  try {
    const stationCreated = (await readStationText(dataDir)) === undefined
    const station = await openOrCreateStation(dataDir, protector)
    db = openStationDatabase(
      join(dataDir, STATION_DB_FILE),
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    )
    return {
      dataDir,
      station,
      stationCreated,
      db,
      lock,
      clock: options.clock ?? systemClock,
      random: options.random ?? defaultRandom,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.pinParams ? { pinParams: options.pinParams } : {}),
    }
  } catch (error) {
    db?.close()
    await lock.release()
    throw error
  }
}
