import { resultManifestSchema } from '../bundle/bundleFormat'
import type { NewResult, Quarantined, QuarantineCode, StoredResult, StoreOutcome, TrustedStation } from './resultsStore'
import { ResultsStoreError } from './resultsStore'

/**
 * Rows as both backends store them, the SQL both run (written with `?` placeholders; the PostgreSQL backend numbers
 * them), and the one rule deciding what a batch of new results does. Keeping these here is what makes the two
 * backends behave the same.
 */
export const RESULT_COLUMNS = [
  'bundle_sha256',
  'station_id',
  'session_id',
  'exam_id',
  'candidate_id',
  'candidate_name',
  'total',
  'max_points',
  'passed',
  'pending',
  'submitted_at',
  'imported_at',
  'encrypted',
  'event_head',
  'manifest',
  'bundle',
] as const

/** A results row as read back (without the bundle bytes, which only readBundle returns). */
export interface ResultRow {
  bundle_sha256: string
  station_id: string
  session_id: string
  exam_id: string
  candidate_id: string
  candidate_name: string
  total: number
  max_points: number
  passed: number | null
  pending: number
  submitted_at: string | null
  imported_at: string
  encrypted: number
  event_head: string
  manifest: string
}

export interface QuarantineRow {
  file: string
  bundle_sha256: string
  code: string
  reason: string
  at: string
}

export interface TrustedStationRow {
  station_id: string
  public_key_x: string
  label: string | null
  added_at: string
}

const flag = (value: boolean): number => (value ? 1 : 0)

/** Values in RESULT_COLUMNS order. */
export function resultValues({ result, bundle }: NewResult): (string | number | null | Buffer)[] {
  return [
    result.bundleSha256,
    result.stationId,
    result.sessionId,
    result.examId,
    result.candidateId,
    result.candidateName,
    result.total,
    result.max,
    result.passed === null ? null : flag(result.passed),
    result.pending,
    result.submittedAt,
    result.importedAt,
    flag(result.encrypted),
    result.manifest.event_log.head,
    JSON.stringify(result.manifest),
    Buffer.from(bundle),
  ]
}

export function rowToResult(row: ResultRow): StoredResult {
  let manifest
  try {
    manifest = resultManifestSchema.parse(JSON.parse(row.manifest))
  } catch (error) {
    throw new ResultsStoreError(
      'CORRUPT_ROW',
      `the stored manifest of bundle ${row.bundle_sha256} is not a result manifest`,
      { cause: error },
    )
  }
  return {
    bundleSha256: row.bundle_sha256,
    stationId: row.station_id,
    sessionId: row.session_id,
    examId: row.exam_id,
    candidateId: row.candidate_id,
    candidateName: row.candidate_name,
    total: row.total,
    max: row.max_points,
    passed: row.passed === null ? null : row.passed === 1,
    pending: row.pending,
    submittedAt: row.submitted_at,
    importedAt: row.imported_at,
    encrypted: row.encrypted === 1,
    manifest,
  }
}

export const rowToQuarantined = (row: QuarantineRow): Quarantined => ({
  file: row.file,
  bundleSha256: row.bundle_sha256,
  code: row.code as QuarantineCode,
  reason: row.reason,
  at: row.at,
})

export const rowToTrustedStation = (row: TrustedStationRow): TrustedStation => ({
  stationId: row.station_id,
  publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: row.public_key_x },
  ...(row.label === null ? {} : { label: row.label }),
  addedAt: row.added_at,
})

const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ')

export const SQL = {
  insertTrusted:
    'INSERT INTO trusted_stations (station_id, public_key_x, label, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  trusted: 'SELECT station_id, public_key_x, label, added_at FROM trusted_stations ORDER BY added_at, station_id',
  hasBundle: 'SELECT 1 AS found FROM results WHERE bundle_sha256 = ?',
  knownBundles: (count: number) => `SELECT bundle_sha256 FROM results WHERE bundle_sha256 IN (${placeholders(count)})`,
  /** Rows stored for any of these station sessions; the caller passes (station, session) pairs flattened. */
  sessionHeads: (count: number) =>
    `SELECT station_id, session_id, event_head FROM results WHERE (station_id, session_id) IN (VALUES ${Array.from({ length: count }, () => '(?, ?)').join(', ')})`,
  insertResults: (count: number) =>
    `INSERT INTO results (${RESULT_COLUMNS.join(', ')}) VALUES ${Array.from({ length: count }, () => `(${placeholders(RESULT_COLUMNS.length)})`).join(', ')}`,
  insertQuarantine:
    'INSERT INTO quarantine (file, bundle_sha256, code, reason, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  quarantine: 'SELECT file, bundle_sha256, code, reason, at FROM quarantine ORDER BY id',
  readBundle: 'SELECT bundle FROM results WHERE bundle_sha256 = ?',
  results: (where: string) =>
    `SELECT ${RESULT_COLUMNS.filter((column) => column !== 'bundle').join(', ')} FROM results${where} ORDER BY exam_id, candidate_id, session_id, station_id`,
} as const

/** WHERE clause and values for a result filter; column names come from this fixed map, never from the caller. */
export function filterClause(
  filter: Partial<Record<'examId' | 'stationId' | 'candidateId' | 'sessionId', string>> = {},
): {
  where: string
  values: string[]
} {
  const columns = {
    examId: 'exam_id',
    stationId: 'station_id',
    candidateId: 'candidate_id',
    sessionId: 'session_id',
  } as const
  const used = (Object.keys(columns) as (keyof typeof columns)[]).filter((key) => filter[key] !== undefined)
  return {
    where: used.length === 0 ? '' : ` WHERE ${used.map((key) => `${columns[key]} = ?`).join(' AND ')}`,
    values: used.map((key) => filter[key] ?? ''),
  }
}

const sessionKey = (stationId: string, sessionId: string): string => `${stationId}\u0000${sessionId}`

export interface StoredSessions {
  /** Bundle digests already stored. */
  bundles: ReadonlySet<string>
  /** Event-log head of each stored station session, keyed by sessionKeyOf. */
  heads: ReadonlyMap<string, string>
}

export const sessionKeyOf = (row: { station_id: string; session_id: string }): string =>
  sessionKey(row.station_id, row.session_id)

/**
 * What each new result does, given what is stored: the same bytes, or the same station session with the same event
 * log (a re-export), is a duplicate; the same station session with another event log is a conflict. Earlier results
 * in the batch count as stored for later ones.
 */
export function planBatch(
  batch: readonly NewResult[],
  stored: StoredSessions,
): { outcomes: StoreOutcome[]; inserts: NewResult[] } {
  const bundles = new Set(stored.bundles)
  const heads = new Map(stored.heads)
  const inserts: NewResult[] = []
  const outcomes = batch.map((entry): StoreOutcome => {
    const { result } = entry
    const key = sessionKey(result.stationId, result.sessionId)
    const head = heads.get(key)
    if (bundles.has(result.bundleSha256) || head === result.manifest.event_log.head) return 'duplicate'
    if (head !== undefined) return 'conflict'
    bundles.add(result.bundleSha256)
    heads.set(key, result.manifest.event_log.head)
    inserts.push(entry)
    return 'stored'
  })
  return { outcomes, inserts }
}

/** The (station, session) pairs of a batch, flattened for SQL.sessionHeads. */
export const sessionPairs = (batch: readonly NewResult[]): string[] =>
  batch.flatMap(({ result }) => [result.stationId, result.sessionId])
