import Database from 'better-sqlite3'
import {
  migrationFailed,
  migrationStatements,
  pendingMigrations,
  RESULTS_MIGRATIONS,
  SQLITE_DIALECT,
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
 * The results store in one SQLite file: what a single admin PC uses. WAL with synchronous=FULL, so an import that
 * reported a bundle stored has it on disk; the import batches bundles, so that costs one fsync per batch.
 * A new file gets 64 KB pages: a results row holds its whole bundle (about 45 KB for a real session) and manifest,
 * which on 4 KB pages spill over a chain of a dozen overflow pages, each a WAL frame of its own, written and then
 * checkpointed; 64 KB pages made writing 10,000 such rows about three times faster. An existing file keeps its size.
 */
export interface SqliteResultsStoreOptions {
  /** Tests add a migration after the real ones (N-1 to N); the app always uses RESULTS_MIGRATIONS. */
  migrations?: readonly ResultsMigration[]
}

/** SQLite's default cap on bound parameters is 32766; stay well below it. */
const MAX_PARAMS = 30_000

export function openSqliteResultsStore(path: string, options: SqliteResultsStoreOptions = {}): ResultsStore {
  const db = new Database(path)
  try {
    // Only takes effect on a file not yet written, and must come before WAL mode, which fixes the page size.
    db.pragma('page_size = 65536')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
  } catch (error) {
    db.close()
    throw error
  }
  return new SqliteResultsStore(db, options.migrations ?? RESULTS_MIGRATIONS)
}

class SqliteResultsStore implements ResultsStore {
  readonly backend = 'sqlite'

  constructor(
    private readonly db: Database.Database,
    private readonly migrations: readonly ResultsMigration[],
  ) {}

  async migrate(): Promise<number> {
    const current = this.db.pragma('user_version', { simple: true }) as number
    for (const migration of pendingMigrations(current, this.migrations)) {
      try {
        this.db.transaction(() => {
          for (const statement of migrationStatements(migration, SQLITE_DIALECT)) this.db.exec(statement)
          this.db.pragma(`user_version = ${String(migration.version)}`)
        })()
      } catch (error) {
        throw migrationFailed(migration, error)
      }
    }
    return Promise.resolve(this.migrations.length)
  }

  async addTrustedStation(station: TrustedStation): Promise<boolean> {
    const { changes } = this.db
      .prepare(SQL.insertTrusted)
      .run(station.stationId, station.publicKeyJwk.x, station.label ?? null, station.addedAt)
    return Promise.resolve(changes > 0)
  }

  async trustedStations(): Promise<TrustedStation[]> {
    return Promise.resolve((this.db.prepare(SQL.trusted).all() as TrustedStationRow[]).map(rowToTrustedStation))
  }

  async hasBundle(bundleSha256: string): Promise<boolean> {
    return Promise.resolve(this.db.prepare(SQL.hasBundle).get(bundleSha256, bundleSha256) !== undefined)
  }

  async knownBundles(bundleSha256s: readonly string[]): Promise<Set<string>> {
    const known = new Set<string>()
    // Each digest is bound twice (current rows and earlier versions).
    for (let start = 0; start < bundleSha256s.length; start += MAX_PARAMS / 2) {
      const chunk = bundleSha256s.slice(start, start + MAX_PARAMS / 2)
      const rows = this.db.prepare(SQL.knownBundles(chunk.length)).all(...chunk, ...chunk) as {
        bundle_sha256: string
      }[]
      for (const row of rows) known.add(row.bundle_sha256)
    }
    return Promise.resolve(known)
  }

  async storeResults(results: readonly NewResult[]): Promise<StoreOutcome[]> {
    // IMMEDIATE: take the write lock before reading, so another process cannot slip a row in between.
    return Promise.resolve(this.db.transaction(() => this.storeChunked(results)).immediate())
  }

  async storeResult(result: NewResult): Promise<StoreOutcome> {
    const [outcome = 'duplicate'] = await this.storeResults([result])
    return outcome
  }

  private storeChunked(results: readonly NewResult[]): StoreOutcome[] {
    const outcomes: StoreOutcome[] = []
    // Each chunk's lookups and inserts stay under the parameter cap; chunks see the rows earlier ones inserted.
    const perChunk = Math.floor(MAX_PARAMS / 16)
    for (let start = 0; start < results.length; start += perChunk) {
      const chunk = results.slice(start, start + perChunk)
      const bundles = [...new Set(chunk.map(({ result }) => result.bundleSha256))]
      const known = this.db.prepare(SQL.knownBundles(bundles.length)).all(...bundles, ...bundles) as {
        bundle_sha256: string
      }[]
      const stored = this.db.prepare(SQL.sessionVersions(chunk.length)).all(...sessionPairs(chunk)) as VersionRow[]
      const plan = planBatch(chunk, {
        bundles: new Set(known.map((row) => row.bundle_sha256)),
        versions: versionsBySession(stored),
      })
      for (const { bundleSha256, supersededAt, supersededBy } of plan.retire) {
        this.db.prepare(SQL.retireResult).run(supersededAt, supersededBy, bundleSha256)
        this.db.prepare(SQL.deleteResult).run(bundleSha256)
      }
      for (const { entry, supersededAt, supersededBy } of plan.history)
        this.db.prepare(SQL.insertVersion).run(...versionValues(entry, supersededAt, supersededBy))
      if (plan.inserts.length > 0)
        this.db.prepare(SQL.insertResults(plan.inserts.length)).run(...plan.inserts.flatMap(resultValues))
      outcomes.push(...plan.outcomes)
    }
    return outcomes
  }

  async quarantine(entry: Quarantined): Promise<void> {
    this.db.prepare(SQL.insertQuarantine).run(entry.file, entry.bundleSha256, entry.code, entry.reason, entry.at)
    return Promise.resolve()
  }

  async listResults(filter?: ResultFilter): Promise<StoredResult[]> {
    const { where, values } = filterClause(filter)
    return Promise.resolve((this.db.prepare(SQL.results(where)).all(...values) as ResultRow[]).map(rowToResult))
  }

  async readBundle(bundleSha256: string): Promise<Buffer | undefined> {
    const row = this.db.prepare(SQL.readBundle).get(bundleSha256, bundleSha256) as { bundle: Buffer } | undefined
    return Promise.resolve(row?.bundle)
  }

  async resultHistory(stationId: string, sessionId: string): Promise<ResultVersion[]> {
    const rows = this.db.prepare(SQL.history).all(stationId, sessionId) as VersionRowRead[]
    return Promise.resolve(rows.map(rowToVersion))
  }

  async addTrustedGrader(grader: TrustedGrader): Promise<boolean> {
    const { changes } = this.db.prepare(SQL.insertGrader).run(grader.name, grader.publicKeyJwk.x, grader.addedAt)
    return Promise.resolve(changes > 0)
  }

  async trustedGraders(): Promise<TrustedGrader[]> {
    return Promise.resolve((this.db.prepare(SQL.graders).all() as GraderRow[]).map(rowToGrader))
  }

  async addGrade(grade: StoredGrade): Promise<void> {
    this.db.prepare(SQL.insertGrade).run(grade.stationId, grade.sessionId, grade.statement, grade.signature)
    return Promise.resolve()
  }

  async listGrades(filter?: Pick<ResultFilter, 'stationId' | 'sessionId'>): Promise<StoredGrade[]> {
    const { where, values } = filterClause(filter)
    return Promise.resolve((this.db.prepare(SQL.grades(where)).all(...values) as GradeRow[]).map(rowToGrade))
  }

  async listQuarantine(): Promise<Quarantined[]> {
    return Promise.resolve((this.db.prepare(SQL.quarantine).all() as QuarantineRow[]).map(rowToQuarantined))
  }

  async close(): Promise<void> {
    this.db.close()
    return Promise.resolve()
  }
}
