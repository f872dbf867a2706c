import type { StationDatabase } from '../db/database'
import { StationAnchor } from '../db/stationAnchor'
import type { StationSeal } from '../db/stationSeal'
import { walCheckpointsOf } from '../db/walCheckpoints'
import type { SessionKeyring } from '../crypto/keyring'
import type { RandomSource } from '../crypto/randomSource'

/**
 * Opens the station's anchor (db/stationAnchor.ts) after its seal verified: checks the database is not older than
 * the anchor, issues the first one on a station that never had one (recorded and resealed in one transaction), and
 * rewrites it after each WAL checkpoint, outside any candidate's commit. A rewrite that fails (a full disk) leaves
 * the older anchor, which the database is still ahead of: nothing to refuse later, so it is only reported.
 */
export function openStationAnchor(
  db: StationDatabase,
  keyring: SessionKeyring,
  random: RandomSource,
  file: string,
  seal: StationSeal,
  log: (message: string, error: unknown) => void = console.error,
): StationAnchor {
  const anchor = new StationAnchor(db, keyring, random, file)
  anchor.open(() =>
    seal.changing(() =>
      db.prepare('INSERT INTO station_anchor_issued (id, issued_at) VALUES (1, ?)').run(new Date().toISOString()),
    ),
  )
  walCheckpointsOf(db)?.afterCheckpoint(() => {
    try {
      anchor.write()
    } catch (error) {
      log(`invigil: the station anchor ${file} could not be rewritten; the older one stays`, error)
    }
  })
  return anchor
}
