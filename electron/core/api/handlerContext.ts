import type { ExportJobs } from '../admin/exportJobs'
import type { DemoExams } from '../demo/demoExams'
import type { EnvironmentReport } from '../environment/environmentTypes'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { ErrorLog } from './apiErrors'
import type { AuthSessions } from './authSessions'
import type { CandidateDesk } from './candidateDesk'
import type { ApiInput, ApiMethod, ApiOutput, StationStatus, StorageFailureView } from './contract'

export interface ExitUnlock {
  /** The desk's session when the exit was unlocked, if any. */
  sessionId: string | null
  at: string
}

export interface ApiHandlerOptions {
  transport: StationStatus['transport']
  appVersion: string
  /** Where unexpected errors go (they never reach the renderer); stderr by default. */
  log?: ErrorLog
  /**
   * Called after a proctor unlocked the exit (proctor.unlockExit): the Electron shell lets the kiosk window close
   * once (its allowExitOnce()). The browser host has no kiosk and passes nothing.
   */
  onExitUnlocked?: (unlock: ExitUnlock) => void
  /**
   * The environment checks (displays, virtual machine, remote session, prohibited processes) that proctor.startSession
   * runs and proctor.checkEnvironment shows. Electron passes checkStationEnvironment, the browser host its Node-probe
   * check; without one, no check runs.
   */
  checkEnvironment?: () => Promise<EnvironmentReport>
  /**
   * Development builds only (npm start, `invigil host --demo`): the seed exams signed by a demo authority made on
   * this computer. A packaged app never passes it, so production stations offer no demo exams.
   */
  demoExams?: DemoExams
  /**
   * Folders whose subfolders admin.exportTargets offers as USB sticks, instead of the platform's usual mount folders
   * (/media/<user>, /Volumes, drive letters...). The E2E host points it at a temp folder; the app passes nothing.
   */
  exportTargetRoots?: readonly string[]
  /**
   * Whether this station's room link runs (the hosts set it once the installed sitting's link started): the
   * candidate then sees the room's announcements, and their start waits for the room's release. Absent: no room.
   */
  roomLinked?: () => boolean
  /**
   * Fetches the signed sitting file the room at `roomUrl` serves (over https only from the certificate it pins), for
   * admin.installSittingFromRoom; the hosts wire it to core/roomLink. Absent: the station cannot reach a room.
   */
  sittingFromRoom?: (roomUrl: string, authorityPems: readonly string[]) => Promise<string>
  /** Idle time after which a proctor or admin session ends; 10 minutes by default. */
  staffIdleMs?: number
}

/** What every group of handlers works with: one per createApiHandlers call, kept in the handler process. */
export interface HandlerContext {
  runtime: StationRuntime
  desk: CandidateDesk
  auth: AuthSessions
  jobs: ExportJobs
  options: ApiHandlerOptions
  log: ErrorLog
  nowIso: () => string
  /** The latest failed write (proctor.status shows it), cleared when an answer is saved again. */
  storage: { failure?: StorageFailureView }
}

/**
 * A method's input as the boundary parse (inputSchemas) leaves it: the contract's input, except that an answer's
 * response is still to be parsed against its unit's kind, which only the session's form knows.
 */
export type BoundaryInput<M extends ApiMethod> = M extends 'session.saveAnswer'
  ? Omit<ApiInput<M>, 'response'> & { response?: unknown }
  : ApiInput<M>

/** The implementation behind each method, on validated input. A mapped type: a method missing, or one the contract lacks, does not compile. */
export type Implementations<K extends ApiMethod = ApiMethod> = {
  readonly [M in K]: (input: BoundaryInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>
}

export type ProctorMethod = Extract<ApiMethod, `proctor.${string}`>
export type AdminMethod = Extract<ApiMethod, `admin.${string}`>
export type CandidateMethod = Exclude<ApiMethod, ProctorMethod | AdminMethod>
