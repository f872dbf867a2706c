import { join } from 'node:path'
import { StationAdmin } from '../admin/stationAdmin'
import type { Bank } from '../bank/schema'
import { gradeRecord } from '../bundle/sessionExport'
import type { StationSigner } from '../crypto/stationSigner'
import type { CandidateExam } from '../delivery/candidateView'
import { requireFormUnit } from '../delivery/formUnits'
import type { FormUnit } from '../delivery/formUnits'
import type { GradingResult } from '../grading/gradingTypes'
import type { Clock } from '../base/clock'
import { candidateSchema, parseInput } from '../session/sessionInputs'
import { SessionService } from '../session/sessionService'
import type { Accommodations } from '../session/sessionTimer'
import type { InterruptedSession, SessionSummary } from '../session/sessionTypes'
import type { StationPublicInfo } from '../station/stationFile'
import { closeStationDatabase } from '../db/database'
import { ExamStore } from '../db/examStore'
import { SessionTable } from '../db/sessionTable'
import type { ExportedBundle } from './bundleFile'
import { exportSessionBundle } from './sessionBundleExport'
import { ExamCatalog } from '../exam/examCatalog'
import type { InstallExamInput, LoadedExam } from '../exam/examCatalog'
import type { InstalledExamInfo } from '../exam/installedExamInfo'
import { checkKeys, checkStorage } from './readinessChecks'
import type { KeysReport, StorageReport } from './readinessChecks'
import { RuntimeError } from '../base/runtimeError'
import { openStationAnchor } from './stationAnchorOpen'
import { ANCHOR_FILE } from '../db/stationAnchor'
import { StationSeal } from '../db/stationSeal'
import { openRuntimeParts } from './runtimeParts'
import type { RuntimeParts, StationRuntimeOptions } from './runtimeParts'

export type { ExportedBundle } from './bundleFile'
export type { KeysReport, StorageReport } from './readinessChecks'

export { STATION_DB_FILE } from './runtimeParts'
export type { StationRuntimeOptions } from './runtimeParts'

export interface BeginSessionInput {
  candidateId: string
  name: string
  accommodations?: Accommodations
  /** The exam the installed sitting's roster assigns the candidate; absent: the installed (active) exam. */
  examId?: string
}

export interface BegunSession extends SessionSummary {
  examId: string
  packageHash: string
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
    const parts = await openRuntimeParts(options)
    try {
      return new StationRuntime(parts)
    } catch (error) {
      parts.db.close()
      await parts.lock.release()
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

  /** An installed exam by its package hash, active or not: a sitting of several exams installs them all. */
  installedExamOf(packageHash: string): InstalledExamInfo | undefined {
    this.assertOpen()
    this.seal.verify()
    return this.catalog.installed(packageHash)
  }

  /**
   * Creates a session for the candidate's exam (the one the installed sitting assigns, else the installed exam),
   * with a fresh random form seed, and checks the candidate in.
   */
  beginSession(input: BeginSessionInput): BegunSession {
    this.assertOpen()
    // Checked before anything is written, so a bad identity leaves no half-made session behind.
    const candidate = parseInput(candidateSchema, { candidateId: input.candidateId, name: input.name }, 'candidate')
    this.seal.verify()
    const exam = this.examToBegin(input.examId)
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

  /** Writes, verifies and only then marks the session's signed result bundle (sessionBundleExport.ts). */
  exportBundle(sessionId: string, outDir: string): Promise<ExportedBundle> {
    this.assertOpen()
    return exportSessionBundle(
      {
        sessions: this.sessions,
        examOf: (id) => this.catalog.forSession(id).exam,
        station: this.parts.station,
        at: this.nowIso(),
      },
      sessionId,
      outDir,
    )
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

  /** A named exam must be one of the installed sitting's, found by its package hash; never the nearest other one. */
  private examToBegin(examId: string | undefined): LoadedExam {
    if (examId === undefined) {
      const active = this.catalog.active()
      if (!active) throw new RuntimeError('NO_EXAM_INSTALLED', 'no exam is installed on this station')
      return active
    }
    const sitting = this.admin.sitting.get()
    const listed = sitting && (sitting.exams ?? [sitting.exam]).find((exam) => exam.examId === examId)
    if (!listed)
      throw new RuntimeError(
        'NO_EXAM_INSTALLED',
        `exam ${examId} is not one of the installed sitting's exams; install the candidate's sitting file again`,
      )
    return this.catalog.byPackageHash(listed.packageHash)
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
