import type { SessionState } from '../base/sessionState'
import type { CandidateExam } from '../delivery/candidateView'
import { countAnsweredQuestions, type QuestionCount } from '../delivery/questionProgress'
import type { SeatStatus } from '../protocol/roomMessages'
import type { StationRuntime } from '../runtime/stationRuntime'

/**
 * The seat's status as the room's seat map shows it, read from the station runtime. The session's own states fold
 * into the six the protocol knows: a recovered session waits, clock stopped, for the candidate to continue (paused);
 * an exported one is, for the room, submitted.
 */
const PROTOCOL_STATE: Readonly<Record<SessionState, SeatStatus['state']>> = {
  created: 'idle',
  checked_in: 'checked_in',
  running: 'running',
  paused: 'paused',
  recovered: 'paused',
  interrupted: 'interrupted',
  submitted: 'submitted',
  exported: 'submitted',
}

/** Answerable units as the candidate's view counts them: each plain item, each part of a scenario. */
export const answerableUnitIds = (exam: CandidateExam): string[] =>
  exam.sections.flatMap((section) =>
    section.items.flatMap((item) => (item.type === 'scenario' ? item.parts.map((part) => part.id) : [item.id])),
  )

/**
 * `lastSave`: the station database holds only saves that committed, so on its own the link can say 'none' or 'ok';
 * a host that sees saves fail passes `saveHealth` to report 'failing'.
 */
export function seatStatusOf(
  runtime: StationRuntime,
  seat: string | null,
  saveHealth?: () => SeatStatus['lastSave'],
): SeatStatus {
  const view = runtime.sessions.currentSeat()
  if (!view) {
    return {
      seat,
      candidateId: null,
      sessionId: null,
      state: 'idle',
      answered: 0,
      total: 0,
      remainingMs: null,
      lastSave: saveHealth?.() ?? 'none',
      incidents: 0,
      environment: 'not_checked',
    }
  }
  // Questions, as the candidate and the station's proctor count them: a scenario is one, answered with all its parts.
  const answeredUnits = new Set(view.answeredUnits)
  let questions: QuestionCount
  try {
    questions = countAnsweredQuestions(runtime.candidateExam(view.sessionId), (unitId) => answeredUnits.has(unitId))
  } catch {
    // The exam the session was sat with is no longer installed: count what was answered, total unknown.
    questions = { answered: answeredUnits.size, total: answeredUnits.size }
  }
  return {
    seat,
    candidateId: view.candidateId,
    sessionId: view.sessionId,
    state: PROTOCOL_STATE[view.state],
    answered: questions.answered,
    total: questions.total,
    remainingMs: view.remainingMs,
    lastSave: saveHealth?.() ?? (view.anySaved ? 'ok' : 'none'),
    incidents: view.incidents,
    environment: view.environment,
  }
}
