import { parseEventLine } from '../base/eventChain'
import { ExportJobs } from '../admin/exportJobs'
import type { StationRuntime } from '../runtime/stationRuntime'
import { defaultRandom } from '../crypto/randomSource'
import type { RandomSource } from '../crypto/randomSource'
import { responseSchema, responseSchemaFor } from '../base/responseSchema'
import { answerKindOf, checkStruckLetters } from '../delivery/formUnits'
import { adminResultsImplementations } from './adminResultsHandlers'
import { adminSetupImplementations } from './adminSetupHandlers'
import { ApiFailure, consoleErrorLog, failure, storageFailureReason, toApiFailure } from './apiErrors'
import { AuthSessions } from './authSessions'
import { CandidateDesk, FINISHED_STATES } from './candidateDesk'
import type { ApiMethod, ApiOutput, ApiResult, SubmittedView } from './contract'
import type { ApiHandlerOptions, CandidateMethod, HandlerContext, Implementations } from './handlerContext'
import { inputBytes, inputLimitOf, inputTooLargeMessage } from './inputLimits'
import { describeIssue, inputSchemas, isApiMethod, parseField } from './inputSchemas'
import { proctorImplementations } from './proctorHandlers'
import { requireStartReleased, roomNoticesOf } from './roomNoticesView'
import { admitCandidate } from './sessionAdmission'
import { answerableCount, questionProgressOf, receiptOf, sessionViewOf, stationStatusOf } from './sessionViews'

export type { ApiHandlerOptions, ExitUnlock } from './handlerContext'

/**
 * The API's handlers: one per contract method, shared by both transports (Electron IPC in electron/shell/main/ipc.ts,
 * the browser host in electron/host). Each validates its input with zod, acts on the station runtime, and returns
 * an ApiResult; none throws. Session methods act on the station's active session: one candidate per station.
 */
export type ApiHandlers = { readonly [M in ApiMethod]: (input: unknown) => Promise<ApiResult<ApiOutput<M>>> }

export type ApiDispatch = (method: string, input: unknown) => Promise<ApiResult<unknown>>

/** Sessions that are over for their candidate: the desk may take the next one. */
const FINISHED = FINISHED_STATES

function candidateImplementations(ctx: HandlerContext): Implementations<CandidateMethod> {
  const { runtime, desk, options } = ctx
  const sessions = runtime.sessions

  const submittedView = (sessionId: string): SubmittedView => {
    const record = sessions.exportRecord(sessionId)
    const submitted = record.events.map(parseEventLine).findLast((event) => event.type === 'submitted')
    const exam = runtime.candidateExam(sessionId)
    return {
      sessionId,
      state: record.state,
      submittedAt: submitted?.at ?? '',
      answeredCount: record.responses.filter((answer) => answer.response !== null).length,
      unitCount: answerableCount(exam),
      questions: questionProgressOf(exam, record.responses),
      receipt: receiptOf(runtime, sessionId, exam),
    }
  }

  return {
    'station.status': () => stationStatusOf(runtime, desk, options),

    'station.roomNotices': () => roomNoticesOf(ctx),

    // The candidate's own check-in obeys the proctor's start rules (sessionAdmission): roster, extra time, checks.
    'session.checkIn': async ({ candidateId, name }) =>
      sessionViewOf(runtime, desk, await admitCandidate(ctx, { by: 'candidate', candidateId, name })),

    'session.current': () => {
      const sessionId = desk.activeSessionId()
      return sessionId === null ? null : sessionViewOf(runtime, desk, sessionId)
    },

    // Acknowledging the rules starts the clock; after a proctor's recovery it is how the candidate continues.
    // Repeated (a retry after a lost reply), it changes nothing. In a room, a first start waits for its release.
    'session.acknowledgeRules': () => {
      const sessionId = desk.requireActive()
      const { state } = sessions.snapshot(sessionId)
      if (state === 'interrupted')
        throw new ApiFailure('SESSION_INTERRUPTED', 'the session was interrupted; the proctor must recover it first')
      if (state === 'created' || state === 'checked_in') requireStartReleased(ctx)
      if (!['running', 'paused', ...FINISHED].includes(state)) sessions.start(sessionId)
      return sessionViewOf(runtime, desk, sessionId)
    },

    // The one parse of the response, where its kind is known: the unit's own shape on the session's form. With no
    // session there is no kind and nothing will be saved, but a malformed response is still reported as such first.
    'session.saveAnswer': ({ unitId, response }) => {
      const active = desk.activeSessionId()
      const kind = active === null ? undefined : answerKindOf(runtime.formUnit(active, unitId))
      const parsed = parseField('response', kind === undefined ? responseSchema : responseSchemaFor(kind), response)
      return sessions.recordAnswer(desk.requireActive(), unitId, parsed)
    },

    'session.setFlag': ({ unitId, flagged }) => {
      const sessionId = desk.requireActive()
      runtime.formUnit(sessionId, unitId)
      const flags = desk.flags(sessionId)
      sessions.recordFlag(sessionId, unitId, flagged)
      if (flagged) flags.add(unitId)
      else flags.delete(unitId)
      return { flags: [...flags].sort() }
    },

    'session.setStruckOptions': ({ unitId, letters }) => {
      const sessionId = desk.requireActive()
      checkStruckLetters(runtime.formUnit(sessionId, unitId), letters)
      return { unitId, letters: sessions.recordStruckOptions(sessionId, unitId, letters) }
    },

    'session.navigate': ({ unitId }) => {
      const sessionId = desk.requireActive()
      runtime.formUnit(sessionId, unitId)
      desk.setPosition(sessionId, unitId)
      return { position: unitId }
    },

    'session.tick': () => sessions.tick(desk.requireActive()),

    // Idempotent, so a retry after a lost reply (or after the timer submitted at zero) reports the submission.
    'session.submit': () => {
      const sessionId = desk.requireActive()
      if (!FINISHED.includes(sessions.snapshot(sessionId).state)) sessions.submit(sessionId, 'candidate')
      return submittedView(sessionId)
    },
  }
}

export interface ApiHandlerDeps {
  /** Staff session tokens and export job ids; tests inject a seeded source. */
  random?: RandomSource
  /** The station's candidate desk, when the shell shares it (its kiosk incidents go to the desk's session). */
  desk?: CandidateDesk
}

/** The handlers over a runtime; `dispatch` (below) routes a method name to them. */
export function createApiHandlers(
  runtime: StationRuntime,
  options: ApiHandlerOptions,
  deps: ApiHandlerDeps = {},
): ApiHandlers {
  const log = options.log ?? consoleErrorLog
  const random = deps.random ?? defaultRandom
  const nowIso = (): string => new Date(runtime.clock.wallMs()).toISOString()
  const ctx: HandlerContext = {
    runtime,
    desk: deps.desk ?? new CandidateDesk(runtime),
    auth: new AuthSessions({
      clock: runtime.clock,
      random,
      ...(options.staffIdleMs === undefined ? {} : { idleMs: options.staffIdleMs }),
    }),
    jobs: new ExportJobs(random, nowIso),
    options,
    log,
    nowIso,
    storage: {},
  }
  const impl: Implementations = {
    ...candidateImplementations(ctx),
    ...proctorImplementations(ctx),
    ...adminSetupImplementations(ctx),
    ...adminResultsImplementations(ctx),
  }
  const handlers: Partial<Record<ApiMethod, (input: unknown) => Promise<ApiResult<unknown>>>> = {}
  for (const method of Object.keys(impl) as ApiMethod[]) {
    const schema = inputSchemas[method]
    const run = impl[method] as (input: unknown) => unknown
    const limit = inputLimitOf(method)
    handlers[method] = async (input) => {
      // Measured before parsing, on every transport: the same table the browser host reads its bodies by.
      if ((inputBytes(input) ?? Infinity) > limit) return failure('VALIDATION_FAILED', inputTooLargeMessage(method))
      const parsed = schema.safeParse(input)
      if (!parsed.success) return failure('VALIDATION_FAILED', describeIssue(parsed.error))
      try {
        const value = await run(parsed.data)
        if (method === 'session.saveAnswer') delete ctx.storage.failure
        return { ok: true, value }
      } catch (error) {
        // Kept for the proctor: the candidate is told a save failed, the proctor needs to know why.
        const reason = storageFailureReason(error)
        if (reason) ctx.storage.failure = { reason, at: nowIso() }
        return toApiFailure(error, method, log)
      }
    }
  }
  // Every key was filled from `impl`, whose mapped type covers exactly ApiMethod.
  return handlers as ApiHandlers
}

/** One entry point for both transports: unknown methods and inputs become failures, never exceptions. */
export function createDispatch(handlers: ApiHandlers): ApiDispatch {
  return async (method, input) => {
    if (typeof method !== 'string' || !isApiMethod(method))
      return failure('UNKNOWN_METHOD', `no API method ${String(method).slice(0, 100)}`)
    return handlers[method](input)
  }
}
