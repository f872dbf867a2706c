import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { StationAdmin } from '../admin/stationAdmin'
import type { Bank } from '../bank/schema'
import { writeResultBundle } from '../bundle/bundleWriter'
import { gradeRecord, resultBundleInputOf } from '../bundle/sessionExport'
import type { KeyProtector } from '../crypto/keyProtector'
import type { StationSigner } from '../crypto/stationSigner'
import { resultEncryptionKey } from '../package/resultEncryptionKey'
import type { CandidateExam } from '../delivery/candidateView'
import { requireFormUnit } from '../delivery/formUnits'
import type { FormUnit } from '../delivery/formUnits'
import type { GradingResult } from '../grading/gradingTypes'
import { systemClock } from '../base/clock'
import type { Clock } from '../base/clock'
import type { ScryptParams } from '../crypto/secretHash'
import { candidateSchema, parseInput } from '../session/sessionInputs'
import { SessionService } from '../session/sessionService'
import type { Accommodations } from '../session/sessionTimer'
import type { InterruptedSession, SessionSummary } from '../session/sessionTypes'
import { readStationText } from '../station/stationFile'
import type { StationPublicInfo } from '../station/stationFile'
import { openOrCreateStation } from '../station/stationIdentity'
import type { Station } from '../station/stationIdentity'
import { closeStationDatabase, openStationDatabase } from '../db/database'
import type { StationDatabase } from '../db/database'
import { ExamStore } from '../db/examStore'
import { defaultRandom } from '../crypto/randomSource'
import type { RandomSource } from '../crypto/randomSource'
import { SessionTable } from '../db/sessionTable'
import { bundleFileName, writeVerifiedBundle } from './bundleFile'
import type { ExportedBundle } from './bundleFile'
import { ExamCatalog } from '../exam/examCatalog'
import type { InstallExamInput } from '../exam/examCatalog'
import type { InstalledExamInfo } from '../exam/installedExamInfo'
import { checkKeys, checkStorage } from './readinessChecks'
import type { KeysReport, StorageReport } from './readinessChecks'
import { RuntimeError } from '../base/runtimeError'
import { acquireStationLock } from './stationLock'
import { openStationAnchor } from './stationAnchorOpen'
import { ANCHOR_FILE } from '../db/stationAnchor'
import type { StationLock } from './stationLock'
import { StationSeal } from '../db/stationSeal'

export type { ExportedBundle } from './bundleFile'
export type { KeysReport, StorageReport } from './readinessChecks'

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

export interface BeginSessionInput {
  candidateId: string
  name: string
  accommodations?: Accommodations
}

export interface BegunSession extends SessionSummary {
  examId: string
  packageHash: string
}

interface RuntimeParts {
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
 * The composition every caller shares (Electron IPC and browser-host handlers, the rehearsal), so there is one
 * path from an installed exam to a signed, verified result bundle. Candidate and proctor actions go straight to
 * `sessions`; what needs the exam (its form, grading, export) goes through the methods here.
 */
export class StationRuntime {
  readonly sessions: SessionService
  /** Setup, credentials, trusted authorities, the roster and session housekeeping (the admin console's). */
  readonly admin: StationAdmin
  readonly dataDir: string
  /** The station's time source (injected in tests): staff session expiry and timestamps read it. */
  readonly clock: Clock
  /** Public facts only: the signing key and master key stay inside the station object. */
  readonly station: StationPublicInfo
  /** True when this open created the station (first use of the data directory). */
  readonly stationCreated: boolean
  /** Sessions a dead process left behind, found (and marked interrupted) when the runtime opened. */
  readonly interruptedAtOpen: readonly InterruptedSession[]
  private readonly catalog: ExamCatalog
  /** Credentials' presence and exams.active, authenticated (issue 11.4, 11.12). */
  private readonly seal: StationSeal
  private closed = false

  private constructor(private readonly parts: RuntimeParts) {
    const { station, db, clock, random } = parts
    this.dataDir = parts.dataDir
    this.clock = clock
    this.station = {
      stationId: station.stationId,
      publicKeyJwk: station.publicKeyJwk,
      publicKeyPem: station.publicKeyPem,
    }
    this.stationCreated = parts.stationCreated
    this.seal = new StationSeal(db, station, random)
    this.seal.verify()
    this.seal.attach()
    openStationAnchor(db, station, random, join(parts.dataDir, ANCHOR_FILE), this.seal)
    this.catalog = new ExamCatalog(new ExamStore(db, station, random), new SessionTable(db))
    this.sessions = new SessionService({
      db,
      keyring: station,
      clock,
      random,
      ...(parts.pinParams ? { pinParams: parts.pinParams } : {}),
      // Read when a proctor acts, after admin exists: the sitting installed at that moment names the proctors.
      namedProctor: (staffId) => this.admin.sitting.proctorVerifier(staffId),
    })
    this.admin = new StationAdmin({
      db,
      keyring: station,
      clock,
      random,
      sessions: this.sessions,
      ...(parts.pinParams ? { passwordParams: parts.pinParams } : {}),
    })
    this.interruptedAtOpen = this.sessions.listInterrupted()
  }

  /** @internal Use openStationRuntime. */
  static async open(options: StationRuntimeOptions): Promise<StationRuntime> {
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
      return new StationRuntime({
        dataDir,
        station,
        stationCreated,
        db,
        lock,
        clock: options.clock ?? systemClock,
        random: options.random ?? defaultRandom,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        ...(options.pinParams ? { pinParams: options.pinParams } : {}),
      })
    } catch (error) {
      db?.close()
      await lock.release()
      throw error
    }
  }

  /** Installs (or reinstalls) an exam and makes it the one new sessions are created for. */
  installExam(input: InstallExamInput): InstalledExamInfo {
    this.assertOpen()
    return this.seal.changing(() => this.catalog.install(input, this.nowIso()))
  }

  /** An image of an installed exam, by its SHA-256: what app:// and the browser host serve at /exam-assets/. */
  examAsset(sha256: string): { mediaType: string; bytes: Buffer } | undefined {
    const asset = this.catalog.asset(sha256)
    return asset && { mediaType: asset.media_type, bytes: Buffer.from(asset.data, 'base64') }
  }

  installedExam(): InstalledExamInfo | undefined {
    this.assertOpen()
    this.seal.verify()
    return this.catalog.active()?.info
  }

  /** Creates a session for the installed exam, with a fresh random form seed, and checks the candidate in. */
  beginSession(input: BeginSessionInput): BegunSession {
    this.assertOpen()
    // Checked before anything is written, so a bad identity leaves no half-made session behind.
    const candidate = parseInput(candidateSchema, { candidateId: input.candidateId, name: input.name }, 'candidate')
    this.seal.verify()
    const exam = this.catalog.active()
    if (!exam) throw new RuntimeError('NO_EXAM_INSTALLED', 'no exam is installed on this station')
    const accommodations = input.accommodations ?? {}
    if (
      !exam.settings.accommodations_allowed &&
      Object.values(accommodations).some((value) => value !== undefined && value > 0)
    ) {
      throw new RuntimeError(
        'ACCOMMODATIONS_NOT_ALLOWED',
        `the package of ${exam.info.id} does not allow accommodations`,
      )
    }
    const { packageHash, id: examId } = exam.info
    const { sessionId } = this.sessions.createSession({
      examId,
      packageHash,
      formSeed: this.parts.random(16).toString('hex'),
      durationMs: exam.settings.duration_minutes * 60_000,
      accommodations,
    })
    const { state } = this.sessions.checkIn(sessionId, candidate)
    return { sessionId, state, examId, packageHash }
  }

  /** The candidate-safe view of the session's form: the only exam content the UI ever receives. */
  candidateExam(sessionId: string): CandidateExam {
    this.assertOpen()
    return this.catalog.forSession(sessionId).view
  }

  /** The unit `unitId` names on the session's form (what it is, which options it shows), or VALIDATION_FAILED. */
  formUnit(sessionId: string, unitId: string): FormUnit {
    this.assertOpen()
    return requireFormUnit(this.catalog.forSession(sessionId).units, unitId)
  }

  /**
   * The delivered bank a session was sat with: answer keys and reference answers included. For grading behind an
   * authenticated admin session only; the candidate's view is candidateExam().
   */
  gradingBank(sessionId: string): Bank {
    this.assertOpen()
    return this.catalog.forSession(sessionId).exam.bank
  }

  /** How staff views render the session's bank text: a markdown bank's HTML renderer, or undefined when plain. */
  gradingRichText(sessionId: string): ((source: string) => string) | undefined {
    this.assertOpen()
    return this.catalog.forSession(sessionId).richBlock
  }

  /** Grades a submitted session's responses and manual scores against the bank it was sat with. */
  gradeSession(sessionId: string): GradingResult {
    this.assertOpen()
    const record = this.sessions.exportRecord(sessionId)
    return gradeRecord(this.catalog.forSession(sessionId).exam.bank, record)
  }

  /**
   * Writes the session's signed result bundle to `<outDir>/<examId>_<candidateId>_<sessionId>.jws`, verifies the
   * file, and only then marks the session exported with the file's SHA-256. When the exam's package names the
   * authority's `result_encryption_key`, the file is the bundle encrypted to it (`<examId>_<sessionId>.jwe`, no
   * candidate id): results on a lost stick stay unreadable. Names are bounded however long the ids (bundleFileName).
   * An exported session can be exported again (a lost stick): it is marked again only when the new bundle holds
   * events the earlier ones lack (session/exportCoverage), which is what the purge goes by.
   *
   * The chain is verified once on the way out, by exportRecord (the full store check: stored hashes, head MAC, every
   * sealed row); the writer signs that verified head instead of hashing the lines again. writeVerifiedBundle then
   * verifies the signed bundle on purpose a second time, as a results office would, with none of the writer's code.
   */
  async exportBundle(sessionId: string, outDir: string): Promise<ExportedBundle> {
    this.assertOpen()
    const record = this.sessions.exportRecord(sessionId)
    const { exam } = this.catalog.forSession(sessionId)
    const { id, title, packageHash } = exam.info
    const input = resultBundleInputOf({
      record,
      exam: { id, title, packageHash },
      grading: gradeRecord(exam.bank, record),
      exportedAt: this.nowIso(),
    })
    const text = writeResultBundle(input, record.events, this.parts.station, {
      count: record.head.seq,
      head: record.head.hash,
    })
    const pem = exam.settings.result_encryption_key
    const authorityKey = pem === undefined ? undefined : resultEncryptionKey(pem)
    const file = join(outDir, bundleFileName(id, input.candidate.id, sessionId, authorityKey !== undefined))
    const written = await writeVerifiedBundle(file, text, this.station.publicKeyJwk, authorityKey)
    this.sessions.markExported(sessionId, {
      bundleSha256: written.sha256,
      events: record.head.seq,
      head: record.head.hash,
    })
    return { file, ...written }
  }

  checkStorage(): StorageReport {
    this.assertOpen()
    const { db, random, nativeBinding } = this.parts
    return checkStorage(db, { random, at: this.nowIso(), ...(nativeBinding ? { nativeBinding } : {}) })
  }

  /** Signs with the station key without handing it out: what the room link signs its messages with. */
  stationSigner(): StationSigner {
    const { station } = this.parts
    return { stationId: station.stationId, publicKeyJwk: station.publicKeyJwk, sign: (data) => station.sign(data) }
  }

  checkKeys(): KeysReport {
    this.assertOpen()
    return checkKeys(this.parts.station, this.parts.random)
  }

  /** Closes the database and releases the data directory. Sessions still running stay so, and show as interrupted next time. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    // The closing checkpoint rewrites the anchor as the database is left (stationAnchorOpen.ts).
    closeStationDatabase(this.parts.db)
    await this.parts.lock.release()
  }

  private nowIso(): string {
    return new Date(this.parts.clock.wallMs()).toISOString()
  }

  private assertOpen(): void {
    if (this.closed) throw new RuntimeError('RUNTIME_CLOSED', 'the station runtime is closed')
  }
}

/**
 * Opens the station in `dataDir` (creating it on first use), its database (running migrations), and marks sessions
 * a dead process left running as interrupted. Holds the directory's lock until close().
 */
export const openStationRuntime = (options: StationRuntimeOptions): Promise<StationRuntime> =>
  StationRuntime.open(options)
