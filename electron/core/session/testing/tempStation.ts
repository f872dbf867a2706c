import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { masterKeyKeyring } from '../../crypto/keyring'
import { ManualClock } from '../../base/clock'
import { SessionService } from '../sessionService'
import { openStationDatabase, type StationDatabase } from '../../db/database'

/** A station on a real database file in a temp dir, with a hand-driven clock and a cheap PIN hash. */
export const TEST_PIN = '24681357'
export const FAST_PIN_PARAMS = { N: 1024, r: 8, p: 1, keyLength: 32 }
export const MASTER_KEY_HEX = '11'.repeat(32)
export const PACKAGE_HASH = 'ab'.repeat(32)

export interface TempStation {
  dir: string
  path: string
  db: StationDatabase
  clock: ManualClock
  service: SessionService
  /** Closes the database and opens it again with a fresh service, as a restarted process would. */
  reopen(): TempStation
  cleanup(): void
}

export function tempStation(
  dir = mkdtempSync(join(tmpdir(), 'invigil-store-')),
  clock = new ManualClock(),
): TempStation {
  const path = join(dir, 'station.sqlite')
  const db = openStationDatabase(path)
  const service = new SessionService({
    db,
    keyring: masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex')),
    clock,
    pinParams: FAST_PIN_PARAMS,
  })
  return {
    dir,
    path,
    db,
    clock,
    service,
    reopen() {
      db.close()
      return tempStation(dir, clock)
    },
    cleanup() {
      if (db.open) db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A session checked in and running, with the proctor PIN set. */
export async function runningSession(station: TempStation, durationMinutes = 60): Promise<string> {
  if (!station.service.hasProctorPin()) await station.service.setProctorPin(TEST_PIN)
  const { sessionId } = station.service.createSession({
    examId: 'demo-exam',
    packageHash: PACKAGE_HASH,
    formSeed: 'seed-1',
    durationMs: durationMinutes * 60_000,
  })
  station.service.checkIn(sessionId, { candidateId: 'C-001', name: '陳大文' })
  station.service.start(sessionId)
  return sessionId
}
