import { candidateExamSchema } from '../delivery/candidateView'
import { countAnsweredQuestions } from '../delivery/questionProgress'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { SessionState as CoreSessionState } from '../base/sessionState'
import { parseEventLine } from '../base/eventChain'
import { receiptCodeOf, submittedHead } from '../bundle/submissionReceipt'
import type { CandidateDesk } from './candidateDesk'
import type {
  CandidateExam,
  CandidateResponse,
  MovedHereView,
  QuestionProgress,
  SessionState,
  SessionView,
  StationStatus,
  SubmissionReceipt,
  SubmitReason,
} from './contract'

/**
 * Read models the API returns, assembled from the runtime. Exam content reaches the renderer only as the
 * candidate view, re-checked here against its strict schema, so no key, explanation, reference answer or note can
 * ride along even if a later change upstream let one through.
 */

/** Every core state is a contract state (contractTypes.test.ts checks the two lists stay equal). */
const stateOf = (state: CoreSessionState): SessionState => state

/** States in which the candidate has read the rules: acknowledging them started the clock. */
const BEFORE_RULES: readonly SessionState[] = ['created', 'checked_in']

export const candidateExamOf = (runtime: StationRuntime, sessionId: string): CandidateExam =>
  candidateExamSchema.parse(runtime.candidateExam(sessionId))

/** Units that take an answer: every non-scenario item, and each scenario part. */
export const answerableCount = (exam: CandidateExam): number =>
  exam.sections
    .flatMap((section) => section.items)
    .reduce((count, item) => count + (item.type === 'scenario' ? item.parts.length : 1), 0)

/** Whether a stored response is an answer, by the renderer's rule (src/exam/responses.ts): blank text is none. */
const isAnswer = (response: CandidateResponse | undefined): boolean =>
  response !== undefined &&
  response !== null &&
  (typeof response === 'string' ? response.trim() !== '' : !Array.isArray(response) || response.length > 0)

/**
 * Questions answered, as the candidate counts them on screen (and the proctor, the submitted view and the admin
 * console with them): a scenario is one question, answered once every one of its parts is.
 */
export function questionProgressOf(
  exam: CandidateExam,
  answers: readonly { unitId: string; response: CandidateResponse }[],
): QuestionProgress {
  const byUnit = new Map(answers.map((answer) => [answer.unitId, answer.response]))
  return countAnsweredQuestions(exam, (unitId) => isAnswer(byUnit.get(unitId)))
}

const SUBMIT_REASONS: readonly SubmitReason[] = ['candidate', 'proctor', 'time_up']

/** Who ended a submitted session, from its last `submitted` event; null while it is not over. */
function submitReasonOf(runtime: StationRuntime, sessionId: string, state: SessionState): SubmitReason | null {
  if (state !== 'submitted' && state !== 'exported') return null
  const reason = runtime.admin.eventsOf(sessionId, ['submitted']).at(-1)?.data.reason
  return SUBMIT_REASONS.find((known) => known === reason) ?? null
}

/** The candidate's receipt, from the session's verified log; null until it is submitted. */
export function receiptOf(runtime: StationRuntime, sessionId: string, exam: CandidateExam): SubmissionReceipt | null {
  const record = runtime.sessions.exportRecord(sessionId)
  const head = submittedHead(record.events)
  const submitted = record.events.map(parseEventLine).find((event) => event.type === 'submitted')
  if (head === null || !submitted || !record.candidate) return null
  return {
    code: receiptCodeOf(head),
    candidate: { candidateId: record.candidate.candidateId, name: record.candidate.name },
    exam: { id: exam.id, title: exam.title },
    submittedAt: submitted.at,
  }
}

export function sessionViewOf(runtime: StationRuntime, desk: CandidateDesk, sessionId: string): SessionView {
  const snapshot = runtime.sessions.snapshot(sessionId)
  desk.seed(sessionId, snapshot)
  // Sessions reach the desk only through beginSession, which checks the candidate in before returning.
  if (!snapshot.candidate) throw new Error(`session ${sessionId} has no checked-in candidate`)
  const state = stateOf(snapshot.state)
  const exam = candidateExamOf(runtime, sessionId)
  return {
    sessionId,
    state,
    candidate: { candidateId: snapshot.candidate.candidateId, name: snapshot.candidate.name },
    exam,
    answers: snapshot.answers.map(({ unitId, response, revision, savedAt }) => ({
      unitId,
      response,
      revision,
      savedAt,
    })),
    flags: snapshot.flags,
    struckOptions: snapshot.struckOptions,
    // A restarted process, or a spare PC taking over a moved seat, opens where the candidate last saved.
    position: desk.position(sessionId) ?? lastSavedUnit(snapshot.answers),
    rulesAcknowledged: !BEFORE_RULES.includes(state),
    time: {
      state,
      allowedMs: snapshot.allowedMs,
      elapsedMs: snapshot.elapsedMs,
      remainingMs: snapshot.remainingMs,
      warnings: snapshot.warnings,
    },
    submitReason: submitReasonOf(runtime, sessionId, state),
    receipt: state === 'submitted' || state === 'exported' ? receiptOf(runtime, sessionId, exam) : null,
    movedHere: state === 'recovered' ? movedHereOf(runtime, sessionId, exam, snapshot.answers) : null,
  }
}

/**
 * The move that brought a waiting session here, unless a recovery came after it (the candidate had continued, and
 * this PC then stopped): the seat it was ordered for, when, and what it kept.
 */
function movedHereOf(
  runtime: StationRuntime,
  sessionId: string,
  exam: CandidateExam,
  answers: readonly { unitId: string; response: CandidateResponse }[],
): MovedHereView | null {
  const last = runtime.admin.eventsOf(sessionId, ['session_moved', 'recovered']).at(-1)
  if (last?.type !== 'session_moved') return null
  const seat = (last.data.order as { seat?: unknown } | undefined)?.seat
  return {
    seat: typeof seat === 'string' ? seat : '',
    movedAt: last.at,
    kept: questionProgressOf(exam, answers),
  }
}

export function stationStatusOf(
  runtime: StationRuntime,
  desk: CandidateDesk,
  info: { appVersion: string; transport: StationStatus['transport'] },
): StationStatus {
  const exam = runtime.installedExam()
  return {
    stationId: runtime.station.stationId,
    appVersion: info.appVersion,
    exam: exam
      ? {
          id: exam.id,
          title: exam.title,
          language: exam.language,
          durationMinutes: exam.durationMinutes,
          itemCount: exam.itemCount,
        }
      : null,
    activeSessionId: desk.activeSessionId(),
    transport: info.transport,
    namedProctors: runtime.admin.sitting.namesProctors(),
  }
}

/** The unit of the answer saved last (on a tie of the same millisecond, the later one in the list), or null. */
function lastSavedUnit(answers: readonly { unitId: string; savedAt: string }[]): string | null {
  let last: (typeof answers)[number] | undefined
  for (const answer of answers) if (!last || answer.savedAt >= last.savedAt) last = answer
  return last?.unitId ?? null
}
