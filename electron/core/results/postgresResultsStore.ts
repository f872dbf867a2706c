import pg from 'pg'
import {
  migrationFailed,
  migrationStatements,
  pendingMigrations,
  POSTGRES_DIALECT,
  RESULTS_MIGRATIONS,
} from './resultsMigrations'
import type { ResultsMigration } from './resultsMigrations'
import {
  filterClause,
  resultValues,
  rowToGrade,
  rowToGrader,
  rowToQuarantined,
  rowToResult,
  rowToTrustedStation,
  rowToVersion,
  sessionPairs,
  SQL,
  versionsBySession,
  versionValues,
} from './resultRows'
import type {
  GradeRow,
  GraderRow,
  QuarantineRow,
  ResultRow,
  TrustedStationRow,
  VersionRow,
  VersionRowRead,
} from './resultRows'
import { redactedUrl, ResultsStoreError } from './resultsStore'
import type {
  NewResult,
  Quarantined,
  ResultFilter,
  ResultsStore,
  ResultVersion,
  StoredGrade,
  StoredResult,
  StoreOutcome,
  TrustedGrader,
  TrustedStation,
} from './resultsStore'
import { planBatch } from './resultVersions'

/**
 * The results store in PostgreSQL, for a center that collects from many stations (and admins) into one database.
 * Same tables, columns and rules as SQLite. Several importers may run at once: migrations take an advisory lock,
 * and a batch whose rows another importer stored meanwhile is planned again under a table lock.
 */
export interface PostgresResultsStoreOptions {
  /** Tests add a migration after the real ones (N-1 to N); the app always uses RESULTS_MIGRATIONS. */
  migrations?: readonly ResultsMigration[]
}

/** Any constant, the same in every Invigil: importers migrating one database at once take turns on it. */
const MIGRATION_LOCK = 7_351_042
/**
 * Rows planned together, and so the most one INSERT carries (BYTES_PER_INSERT usually splits them further):
 * PostgreSQL's protocol limit is 65535 bound parameters per statement.
 */
const ROWS_PER_INSERT = 1_000
/**
 * Bundle bytes per INSERT statement. pg builds a statement's message in one growing buffer, and a very large one
 * costs far more than its bytes: 200 real-session rows (9 MB) took 92–118 ms to serialise as one message, 9–12 ms
 * as messages of 10 rows. Each statement is also a round trip that an import answers late, its thread busy
 * verifying the next batch: 10,000 bundles imported 0.5 s faster (median of 8 alternated pairs) with statements of
 * 1 MB than of 256 KB.
 */
export const BYTES_PER_INSERT = 1024 * 1024

/** Consecutive runs of `rows`, each within BYTES_PER_INSERT bundle bytes (a bigger bundle goes alone). */
function insertStatements(rows: readonly NewResult[]): NewResult[][] {
  const statements: NewResult[][] = []
  let current: NewResult[] = []
  let bytes = 0
  for (const row of rows) {
    if (current.length > 0 && bytes + row.bundle.length > BYTES_PER_INSERT) {
      statements.push(current)
      current = []
      bytes = 0
    }
    current.push(row)
    bytes += row.bundle.length
  }
  if (current.length > 0) statements.push(current)
  return statements
}

/** pg sends a JS array as a PostgreSQL array. */
type SqlValue = string | number | null | Buffer | readonly string[]

/** `?` placeholders (as the shared SQL is written) to PostgreSQL's `$1, $2, …`. The shared SQL has no literal `?`. */
const numbered = (sql: string): string => {
  let n = 0
  return sql.replace(/\?/g, () => `$${String(++n)}`)
}

export async function openPostgresResultsStore(
  url: string,
  options: PostgresResultsStoreOptions = {},
): Promise<ResultsStore> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (error) {
    throw new ResultsStoreError(
      'CONNECT_FAILED',
      `cannot connect to ${redactedUrl(url)}: ${(error as Error).message}`,
      { cause: error },
    )
  }
  await preferLz4(client)
  return new PostgresResultsStore(client, options.migrations ?? RESULTS_MIGRATIONS)
}

/**
 * Values this connection writes are compressed with lz4 rather than pglz where the server can (PostgreSQL 14+ built
 * with lz4): a results row holds its whole bundle and manifest (about 55 KB for a real session), and pglz spent most
 * of the server's time on them. Only how new values are stored changes; any server reads both. Elsewhere, pglz.
 */
async function preferLz4(client: pg.Client): Promise<void> {
  try {
    await client.query("SET default_toast_compression = 'lz4'")
  } catch {
    // An older server (no such setting) or one built without lz4: it keeps its default.
  }
}

class PostgresResultsStore implements ResultsStore {
  readonly backend = 'postgres'

  constructor(
    private readonly client: pg.Client,
    private readonly migrations: readonly ResultsMigration[],
  ) {}

  private async query<Row extends object>(sql: string, values: readonly SqlValue[] = []): Promise<Row[]> {
    return (await this.client.query<Row>(numbered(sql), [...values])).rows
  }

  private async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN')
    try {
      const value = await work()
      await this.client.query('COMMIT')
      return value
    } catch (error) {
      await this.client.query('ROLLBACK')
      throw error
    }
  }

  private async schemaVersion(): Promise<number> {
    await this.client.query(
      'CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
    )
    await this.client.query('INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING')
    const [row] = await this.query<{ version: number }>('SELECT version FROM schema_version WHERE id = 1')
    return row?.version ?? 0
  }

  async migrate(): Promise<number> {
    // One transaction per migration, each under the lock; the version is re-read under it, so two importers
    // starting together apply each migration once.
    for (;;) {
      const done = await this.inTransaction(async () => {
        await this.client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
        const [next] = pendingMigrations(await this.schemaVersion(), this.migrations)
        if (!next) return true
        try {
          for (const statement of migrationStatements(next, POSTGRES_DIALECT)) await this.client.query(statement)
          await this.client.query('UPDATE schema_version SET version = $1 WHERE id = 1', [next.version])
        } catch (error) {
          throw migrationFailed(next, error)
        }
        return false
      })
      if (done) return this.migrations.length
    }
  }

  async addTrustedStation(station: TrustedStation): Promise<boolean> {
    const { rowCount } = await this.client.query(numbered(SQL.insertTrusted), [
      station.stationId,
      station.publicKeyJwk.x,
      station.label ?? null,
      station.addedAt,
    ])
    return (rowCount ?? 0) > 0
  }

  async trustedStations(): Promise<TrustedStation[]> {
    return (await this.query<TrustedStationRow>(SQL.trusted)).map(rowToTrustedStation)
  }

  async hasBundle(bundleSha256: string): Promise<boolean> {
    return (await this.query(SQL.hasBundle, [bundleSha256, bundleSha256])).length > 0
  }

  async knownBundles(bundleSha256s: readonly string[]): Promise<Set<string>> {
    if (bundleSha256s.length === 0) return new Set()
    const rows = await this.query<{ bundle_sha256: string }>(
      'SELECT bundle_sha256 FROM results WHERE bundle_sha256 = ANY(?) UNION SELECT bundle_sha256 FROM result_versions WHERE bundle_sha256 = ANY(?)',
      [bundleSha256s, bundleSha256s],
    )
    return new Set(rows.map((row) => row.bundle_sha256))
  }

  async storeResults(results: readonly NewResult[]): Promise<StoreOutcome[]> {
    if (results.length === 0) return []
    return this.inTransaction(async () => {
      // Another importer may be writing the same sessions: serialize planning and inserting per batch. Readers
      // are not blocked (SHARE ROW EXCLUSIVE conflicts only with writers).
      await this.client.query('LOCK TABLE results IN SHARE ROW EXCLUSIVE MODE')
      const outcomes: StoreOutcome[] = []
      for (let start = 0; start < results.length; start += ROWS_PER_INSERT) {
        outcomes.push(...(await this.storeChunk(results.slice(start, start + ROWS_PER_INSERT))))
      }
      return outcomes
    })
  }

  private async storeChunk(chunk: readonly NewResult[]): Promise<StoreOutcome[]> {
    // Both queued at once: the client sends the second as the first completes, without a turn of this thread
    // (which, during an import, is busy verifying the next batch).
    const [known, stored] = await Promise.all([
      this.knownBundles(chunk.map(({ result }) => result.bundleSha256)),
      this.query<VersionRow>(SQL.sessionVersions(chunk.length), sessionPairs(chunk)),
    ])
    const plan = planBatch(chunk, { bundles: known, versions: versionsBySession(stored) })
    for (const { bundleSha256, supersededAt, supersededBy } of plan.retire) {
      await this.query(SQL.retireResult, [supersededAt, supersededBy, bundleSha256])
      await this.query(SQL.deleteResult, [bundleSha256])
    }
    for (const { entry, supersededAt, supersededBy } of plan.history)
      await this.query(SQL.insertVersion, versionValues(entry, supersededAt, supersededBy))
    for (const rows of insertStatements(plan.inserts))
      await this.query(SQL.insertResults(rows.length), rows.flatMap(resultValues))
    return plan.outcomes
  }

  async storeResult(result: NewResult): Promise<StoreOutcome> {
    const [outcome = 'duplicate'] = await this.storeResults([result])
    return outcome
  }

  async quarantine(entry: Quarantined): Promise<void> {
    await this.query(SQL.insertQuarantine, [entry.file, entry.bundleSha256, entry.code, entry.reason, entry.at])
  }

  async listResults(filter?: ResultFilter): Promise<StoredResult[]> {
    const { where, values } = filterClause(filter)
    return (await this.query<ResultRow>(SQL.results(where), values)).map(rowToResult)
  }

  async readBundle(bundleSha256: string): Promise<Buffer | undefined> {
    const [row] = await this.query<{ bundle: Buffer }>(SQL.readBundle, [bundleSha256, bundleSha256])
    return row?.bundle
  }

  async resultHistory(stationId: string, sessionId: string): Promise<ResultVersion[]> {
    return (await this.query<VersionRowRead>(SQL.history, [stationId, sessionId])).map(rowToVersion)
  }

  async addTrustedGrader(grader: TrustedGrader): Promise<boolean> {
    const { rowCount } = await this.client.query(numbered(SQL.insertGrader), [
      grader.name,
      grader.publicKeyJwk.x,
      grader.addedAt,
    ])
    return (rowCount ?? 0) > 0
  }

  async trustedGraders(): Promise<TrustedGrader[]> {
    return (await this.query<GraderRow>(SQL.graders)).map(rowToGrader)
  }

  async addGrade(grade: StoredGrade): Promise<void> {
    await this.query(SQL.insertGrade, [grade.stationId, grade.sessionId, grade.statement, grade.signature])
  }

  async listGrades(filter?: Pick<ResultFilter, 'stationId' | 'sessionId'>): Promise<StoredGrade[]> {
    const { where, values } = filterClause(filter)
    return (await this.query<GradeRow>(SQL.grades(where), values)).map(rowToGrade)
  }

  async listQuarantine(): Promise<Quarantined[]> {
    return (await this.query<QuarantineRow>(SQL.quarantine)).map(rowToQuarantined)
  }

  async close(): Promise<void> {
    await this.client.end()
  }
}
