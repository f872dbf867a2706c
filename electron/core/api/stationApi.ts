import type { ExamAssetLookup } from '../kiosk/examAssetRoute'
import { createKioskIncidents } from '../kiosk/kioskIncidents'
import type { KioskIncidents } from '../kiosk/kioskIncidents'
import type { StationRuntime } from '../runtime/stationRuntime'
import { failure } from './apiErrors'
import { CandidateDesk } from './candidateDesk'
import { createApiHandlers, createDispatch } from './handlers'
import type { ApiDispatch, ApiHandlerOptions } from './handlers'

export type { ApiDispatch } from './handlers'

/**
 * The station's API, composed once for both transports (Electron IPC in electron/shell/main, loopback HTTP in
 * electron/host), so every call goes through the same handlers, the same input validation and the same ApiResult
 * envelope whichever way it came. A transport adds only its own checks on who is calling.
 */
export interface StationApi {
  /** A method name and its input in, an ApiResult out; unknown methods and bad inputs are failures, never exceptions. */
  dispatch: ApiDispatch
  /** Where the shell's window and OS events go: the session the API's candidate desk holds. */
  incidents: KioskIncidents
  /** The installed exams' images by SHA-256, for the shell to serve at /exam-assets/. */
  examAsset: ExamAssetLookup
  /**
   * A session the room moved to this station becomes the candidate desk's, unless the desk has its own candidate
   * (false then); the room link calls it for each session it took over (StationRoomOptions.onSessionMovedHere).
   */
  takeMovedSession: (sessionId: string) => boolean
}

/** The API over an open station runtime; the caller opened the runtime and closes it. */
export function createStationApi(runtime: StationRuntime, options: ApiHandlerOptions): StationApi {
  // One desk for the handlers and the kiosk incidents: an incident lands in the session the candidate checked into.
  const desk = new CandidateDesk(runtime)
  const handlers = createApiHandlers(runtime, options, { desk })
  const incidents = createKioskIncidents({ sessions: runtime.sessions, activeSessionId: () => desk.activeSessionId() })
  return {
    dispatch: createDispatch(handlers),
    incidents,
    examAsset: (sha256) => runtime.examAsset(sha256),
    takeMovedSession: (sessionId) => desk.takeMovedSession(sessionId),
  }
}

/**
 * The API of a station that could not open (no usable keyring, a damaged file): every call says so, and the real
 * reason goes to the log, not to the candidate's screen. Incidents reach the app log only.
 */
export function unavailableStationApi(): StationApi {
  const unavailable = failure('STORAGE_FAILED', 'the station could not open its data; ask the proctor')
  return {
    dispatch: () => Promise.resolve(unavailable),
    incidents: createKioskIncidents(null),
    examAsset: () => undefined,
    takeMovedSession: () => false,
  }
}
