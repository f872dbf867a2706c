import { candidateExamSchema } from '../delivery/candidateView'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { SessionState as CoreSessionState } from '../base/sessionState'
import type { CandidateDesk } from './candidateDesk'
import type { CandidateExam, SessionState, SessionView, StationStatus } from './contract'

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

export function sessionViewOf(runtime: StationRuntime, desk: CandidateDesk, sessionId: string): SessionView {
  const snapshot = runtime.sessions.snapshot(sessionId)
  desk.seed(sessionId, snapshot)
  // Sessions reach the desk only through beginSession, which checks the candidate in before returning.
  if (!snapshot.candidate) throw new Error(`session ${sessionId} has no checked-in candidate`)
  const state = stateOf(snapshot.state)
  return {
    sessionId,
    state,
    candidate: { candidateId: snapshot.candidate.candidateId, name: snapshot.candidate.name },
    exam: candidateExamOf(runtime, sessionId),
    answers: snapshot.answers.map(({ unitId, response, revision, savedAt }) => ({
      unitId,
      response,
      revision,
      savedAt,
    })),
    flags: snapshot.flags,
    struckOptions: snapshot.struckOptions,
    position: desk.position(sessionId),
    rulesAcknowledged: !BEFORE_RULES.includes(state),
    time: {
      state,
      allowedMs: snapshot.allowedMs,
      elapsedMs: snapshot.elapsedMs,
      remainingMs: snapshot.remainingMs,
      warnings: snapshot.warnings,
    },
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
  }
}
