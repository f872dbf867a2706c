import type { BundleProblemCode, ResultManifest } from '../bundle/bundleFormat'
import type { Ed25519PublicJwk } from '../crypto/ed25519Keys'

/**
 * The results database an admin imports verified bundles into: one interface, two backends (an embedded SQLite
 * file, or PostgreSQL for a center that collects from many stations into one database). Everything above the store
 * (import, export, report, item analysis, upload) uses only this interface, so both backends behave the same.
 * All methods are async because PostgreSQL is; the SQLite backend resolves at once.
 */

/** One verified bundle, as stored: the manifest whole, plus the fields reports filter and sort on. */
export interface StoredResult {
  /** SHA-256 (hex) of the bundle file's bytes exactly as imported: the row's identity and the duplicate check. */
  bundleSha256: string
  stationId: string
  sessionId: string
  examId: string
  candidateId: string
  candidateName: string
  /** scores.total, scores.max, scores.pending, scores.passed: null while grading is pending or without a pass mark. */
  total: number
  max: number
  passed: boolean | null
  pending: number
  /** ISO-8601; null when the session never was submitted. */
  submittedAt: string | null
  /** ISO-8601, when this store accepted the bundle. */
  importedAt: string
  /** Whether the file was a JWE to the exam authority (the stored bytes are then the encrypted file). */
  encrypted: boolean
  manifest: ResultManifest
}

/** A result and the bundle file's bytes, as `storeResults` takes it. */
export interface NewResult {
  result: StoredResult
  /** The file exactly as read: kept so the upload can send the original signed (or encrypted) bundle on. */
  bundle: Uint8Array
  /**
   * The verified event lines: what shows a later bundle's log extends the stored one (same first events, more after).
   * Without them a bundle can still be stored, or be a duplicate, but never supersede a stored version.
   */
  eventLines?: readonly string[]
  /**
   * The manifest's canonical JSON as the verified bundle carries it (VerifyBundleResult.manifestJson): stored as is,
   * so the store keeps the signed text and does not serialise `result.manifest` again. Without it, it does.
   */
  manifestJson?: string
}

/** An earlier version of a session's result, kept when a bundle with a longer log of the same session replaced it. */
export interface ResultVersion extends StoredResult {
  /** ISO-8601, when the newer bundle was imported. */
  supersededAt: string
  supersededBy: string
}

/**
 * Why a bundle was refused: the verifier's problem codes, plus
 * FOREIGN_STATION  a valid bundle signed by a station that is not enrolled here;
 * SESSION_CONFLICT  a valid bundle for a station session stored with an event log this one neither extends nor is a
 *                   stored version of (the station signed two different histories of one session);
 * MANIFEST_CONFLICT a valid bundle with the same event log as a stored version of its session but another manifest
 *                   (scores, candidate, timing...): the log decides a result, so one log has one manifest.
 */
export type QuarantineCode = BundleProblemCode | 'FOREIGN_STATION' | 'SESSION_CONFLICT' | 'MANIFEST_CONFLICT'

export interface Quarantined {
  /** The path the bundle was imported from (the original is never deleted; a copy goes to the quarantine folder). */
  file: string
  bundleSha256: string
  code: QuarantineCode
  reason: string
  /** ISO-8601, when it was refused. */
  at: string
}

/** A station whose bundles this store accepts. */
export interface TrustedStation {
  /** Derived from the key (first 16 hex digits of SHA-256 over the raw key); never taken from user input. */
  stationId: string
  publicKeyJwk: Ed25519PublicJwk
  label?: string
  addedAt: string
}

/** Every field given must match exactly. */
export interface ResultFilter {
  examId?: string
  stationId?: string
  candidateId?: string
  sessionId?: string
}

/**
 * stored            a session not stored before;
 * superseded        a newer version: its log extends the stored one, which moves to the session's history;
 * duplicate         the same bytes, or the same log and manifest (a re-export), as a stored version: nothing changes;
 * conflict          another log for a stored session (not stored);
 * manifest_conflict the same log as a stored version with another manifest (not stored).
 */
export type StoreOutcome = 'stored' | 'superseded' | 'duplicate' | 'conflict' | 'manifest_conflict'

/** An examiner enrolled to grade centrally: only grades signed by an enrolled grader's key are recorded. */
export interface TrustedGrader {
  name: string
  publicKeyJwk: Ed25519PublicJwk
  addedAt: string
}

/** A central grade as stored: the signed statement exactly as signed, and the signature (see centralGrades.ts). */
export interface StoredGrade {
  stationId: string
  sessionId: string
  statement: string
  signature: string
}

export interface ResultsStore {
  readonly backend: 'sqlite' | 'postgres'
  /** Creates or upgrades the schema; refuses a database written by a newer Invigil. Returns the schema version. */
  migrate(): Promise<number>

  /** Enrolls a station; returns false (and changes nothing) when that key is already enrolled. */
  addTrustedStation(station: TrustedStation): Promise<boolean>
  trustedStations(): Promise<TrustedStation[]>

  hasBundle(bundleSha256: string): Promise<boolean>
  /** Which of these bundle digests are stored: one query for a batch, so a re-import skips verification cheaply. */
  knownBundles(bundleSha256s: readonly string[]): Promise<Set<string>>
  /**
   * Stores results in one transaction, by StoreOutcome's rules. Versions of one session in one batch are taken in
   * the order of their logs' length, so a batch holding an old and a new export keeps the new one whatever the
   * file order.
   */
  storeResults(results: readonly NewResult[]): Promise<StoreOutcome[]>
  /** One result in its own transaction: storeResults([result])[0]. */
  storeResult(result: NewResult): Promise<StoreOutcome>
  /** Records a refused bundle; the same file refused twice for the same reason is recorded once. */
  quarantine(entry: Quarantined): Promise<void>

  /** Ordered by exam id, candidate id, session id, station id. */
  listResults(filter?: ResultFilter): Promise<StoredResult[]>
  /** A station session's earlier versions, oldest first (the current one is in listResults). */
  resultHistory(stationId: string, sessionId: string): Promise<ResultVersion[]>
  /** The stored bundle file's bytes (current or earlier version), or undefined. */
  readBundle(bundleSha256: string): Promise<Buffer | undefined>
  /**
   * Oldest first. A log of refusals: a bundle refused as foreign and imported after its station was enrolled stays
   * listed here, and is also in listResults.
   */
  listQuarantine(): Promise<Quarantined[]>

  /** Enrolls a grader; false (and nothing changes) when the name or the key is enrolled already. */
  addTrustedGrader(grader: TrustedGrader): Promise<boolean>
  trustedGraders(): Promise<TrustedGrader[]>
  /** Appends a central grade; the caller has checked its signature (centralGrades.recordCentralGrade). */
  addGrade(grade: StoredGrade): Promise<void>
  /** Oldest first; every grade is checked again by whoever applies it. */
  listGrades(filter?: Pick<ResultFilter, 'stationId' | 'sessionId'>): Promise<StoredGrade[]>
  close(): Promise<void>
}

export type ResultsStoreErrorCode =
  'DATABASE_FROM_FUTURE' | 'MIGRATION_FAILED' | 'CONNECT_FAILED' | 'CORRUPT_ROW' | 'NO_SUCH_FOLDER'

export class ResultsStoreError extends Error {
  override readonly name = 'ResultsStoreError'
  constructor(
    readonly code: ResultsStoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** A PostgreSQL URL selects the PostgreSQL backend; anything else is a SQLite file path. */
export const isPostgresTarget = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target)

/** The URL without its password, for messages. */
export const redactedUrl = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')
