import type { StationRuntime } from '../runtime/stationRuntime'
import { INCIDENT_TYPES } from '../session/sessionTypes'
import { StoreError } from '../db/storeError'
import { environmentOutcomeOf } from '../environment/environmentIncident'
import { kioskFactsOf } from '../kiosk/osEventIncident'
import type { CandidateDesk } from './candidateDesk'
import type {
  IncidentsView,
  IncidentView,
  IncidentType,
  InterruptedSessionView,
  ProctorSessionView,
  ProctorStatus,
  StorageFailureView,
} from './contract'
import { answerableCount, questionProgressOf } from './sessionViews'

/** Read models for the proctor panel, assembled from the runtime and the desk. No exam content, no keys. */

function sessionViewOf(
  runtime: StationRuntime,
  desk: CandidateDesk,
  sessionId: string,
  startHeld: boolean,
): ProctorSessionView {
  const snapshot = runtime.sessions.snapshot(sessionId)
  const exam = runtime.candidateExam(sessionId)
  const extensions = runtime.admin
    .eventsOf(sessionId, ['extended'])
    .map((event) => ({ minutes: Number(event.data.minutes), reason: String(event.data.reason), at: event.at }))
  return {
    sessionId,
    state: snapshot.state,
    candidate: snapshot.candidate,
    time: { allowedMs: snapshot.allowedMs, elapsedMs: snapshot.elapsedMs, remainingMs: snapshot.remainingMs },
    answeredCount: snapshot.answers.filter((answer) => answer.response !== null).length,
    unitCount: answerableCount(exam),
    questions: questionProgressOf(exam, snapshot.answers),
    extensions,
    extensionMinutesLeft: snapshot.extensionMinutesLeft,
    exitUnlockedAt: desk.exitUnlockedAt(),
    startHeld,
  }
}

/** Whose session it is, if its record can be read; a damaged one is listed with its problem instead. */
function candidateOf(runtime: StationRuntime, sessionId: string): InterruptedSessionView['candidate'] {
  try {
    return runtime.sessions.snapshot(sessionId).candidate
  } catch (error) {
    if (error instanceof StoreError && error.code === 'TAMPER_DETECTED') return null
    throw error
  }
}

export function proctorStatusOf(
  runtime: StationRuntime,
  desk: CandidateDesk,
  storageFailure?: StorageFailureView,
  startHeld = false,
): ProctorStatus {
  const exam = runtime.installedExam()
  const activeId = desk.activeSessionId()
  const interrupted = runtime.sessions.listInterrupted().map((entry): InterruptedSessionView => ({
    sessionId: entry.sessionId,
    examId: entry.examId,
    candidate: entry.problem ? null : candidateOf(runtime, entry.sessionId),
    elapsedMs: entry.elapsedMs,
    remainingMs: entry.remainingMs,
    updatedAt: entry.updatedAt,
    problem: entry.problem ?? null,
  }))
  return {
    exam: exam
      ? {
          id: exam.id,
          title: exam.title,
          durationMinutes: exam.durationMinutes,
          accommodationsAllowed: exam.accommodationsAllowed,
        }
      : null,
    session: activeId === null ? null : sessionViewOf(runtime, desk, activeId, startHeld),
    interrupted,
    rosterCount: runtime.admin.roster.get()?.entries.length ?? 0,
    ...(storageFailure ? { storageFailure } : {}),
  }
}

const isIncidentType = (type: string): type is IncidentType => (INCIDENT_TYPES as readonly string[]).includes(type)

/** What the feed shows beside an incident: its summary (kiosk events, environment checks) and any override reason. */
function detailOf(data: Record<string, unknown>): string | null {
  if (typeof data.summary !== 'string') return null
  return typeof data.reason === 'string' ? `${data.summary} — ${data.reason}` : data.summary
}

function kioskOf(data: Record<string, unknown>): Pick<IncidentView, 'kiosk'> {
  const kiosk = kioskFactsOf(data)
  return kiosk ? { kiosk } : {}
}

/** The active session's incidents after `since` (an event seq), oldest first. */
export function incidentsOf(runtime: StationRuntime, desk: CandidateDesk, since = 0): IncidentsView {
  const sessionId = desk.activeSessionId()
  if (sessionId === null) return { sessionId: null, incidents: [], latestSeq: since }
  const incidents = runtime.admin.eventsOf(sessionId, INCIDENT_TYPES, since).flatMap((event) =>
    isIncidentType(event.type)
      ? [
          {
            seq: event.seq,
            type: event.type,
            at: event.at,
            detail: detailOf(event.data),
            ...(event.type === 'environment_check'
              ? { environment: environmentOutcomeOf(event.data) }
              : kioskOf(event.data)),
          },
        ]
      : [],
  )
  return { sessionId, incidents, latestSeq: incidents.at(-1)?.seq ?? since }
}
