import { resultManifestSchema } from '../bundle/bundleFormat'
import type { ResultManifest } from '../bundle/bundleFormat'
import type {
  NewResult,
  Quarantined,
  QuarantineCode,
  ResultVersion,
  StoredGrade,
  StoredResult,
  TrustedGrader,
  TrustedStation,
} from './resultsStore'
import { ResultsStoreError } from './resultsStore'
import { sessionKey } from './resultVersions'
import type { StoredVersion } from './resultVersions'

/**
 * Rows as both backends store them and the SQL both run (written with `?` placeholders; the PostgreSQL backend
 * numbers them); the rule deciding what a batch of new results does is resultVersions.planBatch. Keeping these in
 * one place is what makes the two backends behave the same.
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

/** An earlier version: the results columns, then when and by which bundle it was superseded. */
export const VERSION_COLUMNS = [...RESULT_COLUMNS, 'superseded_at', 'superseded_by'] as const

const READ_COLUMNS = RESULT_COLUMNS.filter((column) => column !== 'bundle').join(', ')
const pairList = (count: number): string => Array.from({ length: count }, () => '(?, ?)').join(', ')

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

/** The bytes as a Buffer without copying them (a bundle is read into a Buffer already; binding copies it anyway). */
const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** Values in RESULT_COLUMNS order. */
export function resultValues({ result, bundle, manifestJson }: NewResult): (string | number | null | Buffer)[] {
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
    manifestJson ?? JSON.stringify(result.manifest),
    asBuffer(bundle),
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
  hasBundle:
    'SELECT 1 AS found FROM results WHERE bundle_sha256 = ? UNION ALL SELECT 1 FROM result_versions WHERE bundle_sha256 = ?',
  /** Takes the digests twice: once for current rows, once for earlier versions. */
  knownBundles: (count: number) =>
    `SELECT bundle_sha256 FROM results WHERE bundle_sha256 IN (${placeholders(count)}) UNION SELECT bundle_sha256 FROM result_versions WHERE bundle_sha256 IN (${placeholders(count)})`,
  /** Every version of these station sessions; the caller passes the (station, session) pairs flattened, twice. */
  sessionVersions: (count: number) =>
    `SELECT station_id, session_id, bundle_sha256, event_head, manifest, 1 AS current FROM results WHERE (station_id, session_id) IN (VALUES ${pairList(count)}) ` +
    `UNION ALL SELECT station_id, session_id, bundle_sha256, event_head, manifest, 0 AS current FROM result_versions WHERE (station_id, session_id) IN (VALUES ${pairList(count)})`,
  insertResults: (count: number) =>
    `INSERT INTO results (${RESULT_COLUMNS.join(', ')}) VALUES ${Array.from({ length: count }, () => `(${placeholders(RESULT_COLUMNS.length)})`).join(', ')}`,
  insertVersion: `INSERT INTO result_versions (${VERSION_COLUMNS.join(', ')}) VALUES (${placeholders(VERSION_COLUMNS.length)})`,
  /** Moves a current row to the history: superseded_at, superseded_by, then the row's digest. */
  retireResult: `INSERT INTO result_versions (${VERSION_COLUMNS.join(', ')}) SELECT ${RESULT_COLUMNS.join(', ')}, ?, ? FROM results WHERE bundle_sha256 = ?`,
  deleteResult: 'DELETE FROM results WHERE bundle_sha256 = ?',
  history: `SELECT ${READ_COLUMNS}, superseded_at, superseded_by FROM result_versions WHERE station_id = ? AND session_id = ? ORDER BY superseded_at, imported_at, bundle_sha256`,
  insertQuarantine:
    'INSERT INTO quarantine (file, bundle_sha256, code, reason, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  quarantine: 'SELECT file, bundle_sha256, code, reason, at FROM quarantine ORDER BY id',
  readBundle:
    'SELECT bundle FROM results WHERE bundle_sha256 = ? UNION ALL SELECT bundle FROM result_versions WHERE bundle_sha256 = ?',
  results: (where: string) =>
    `SELECT ${READ_COLUMNS} FROM results${where} ORDER BY exam_id, candidate_id, session_id, station_id`,
  insertGrader: 'INSERT INTO trusted_graders (name, public_key_x, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  graders: 'SELECT name, public_key_x, added_at FROM trusted_graders ORDER BY added_at, name',
  insertGrade: 'INSERT INTO central_grades (station_id, session_id, statement, signature) VALUES (?, ?, ?, ?)',
  grades: (where: string) =>
    `SELECT station_id, session_id, statement, signature FROM central_grades${where} ORDER BY id`,
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

export const sessionKeyOf = (row: { station_id: string; session_id: string }): string =>
  sessionKey(row.station_id, row.session_id)

/** A row of SQL.sessionVersions. */
export interface VersionRow {
  station_id: string
  session_id: string
  bundle_sha256: string
  event_head: string
  manifest: string
  current: number
}

/** Each station session's stored versions, for planBatch. */
export function versionsBySession(rows: readonly VersionRow[]): Map<string, StoredVersion[]> {
  const versions = new Map<string, StoredVersion[]>()
  for (const row of rows) {
    const key = sessionKeyOf(row)
    const count = (JSON.parse(row.manifest) as ResultManifest).event_log.count
    const version = {
      bundleSha256: row.bundle_sha256,
      head: row.event_head,
      count,
      manifest: row.manifest,
      current: Number(row.current) === 1,
    }
    versions.set(key, [...(versions.get(key) ?? []), version])
  }
  return versions
}

/** The (station, session) pairs of a batch, flattened for SQL.sessionVersions (which takes them twice). */
export const sessionPairs = (batch: readonly NewResult[]): string[] => {
  const pairs = batch.flatMap(({ result }) => [result.stationId, result.sessionId])
  return [...pairs, ...pairs]
}

/** Values in VERSION_COLUMNS order. */
export const versionValues = (entry: NewResult, supersededAt: string, supersededBy: string) => [
  ...resultValues(entry),
  supersededAt,
  supersededBy,
]

export interface VersionRowRead extends ResultRow {
  superseded_at: string
  superseded_by: string
}

export const rowToVersion = (row: VersionRowRead): ResultVersion => ({
  ...rowToResult(row),
  supersededAt: row.superseded_at,
  supersededBy: row.superseded_by,
})

export interface GraderRow {
  name: string
  public_key_x: string
  added_at: string
}

export const rowToGrader = (row: GraderRow): TrustedGrader => ({
  name: row.name,
  publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: row.public_key_x },
  addedAt: row.added_at,
})

export interface GradeRow {
  station_id: string
  session_id: string
  statement: string
  signature: string
}

export const rowToGrade = (row: GradeRow): StoredGrade => ({
  stationId: row.station_id,
  sessionId: row.session_id,
  statement: row.statement,
  signature: row.signature,
})
