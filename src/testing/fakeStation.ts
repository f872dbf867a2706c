import type {
  AnswerAck,
  ApiErrorCode,
  ApiInput,
  ApiMethod,
  ApiOutput,
  ApiResult,
  CandidateExam,
  InvigilBridge,
  RoomNoticesView,
  SavedAnswer,
  SessionView,
  TickView,
} from '@contract'
import { sampleExam } from './sampleExam'

/**
 * An in-memory station behind the InvigilBridge interface, for store and component tests. It behaves like the
 * core where the UI depends on it (acks after "commit", flags, struck options, position, time) and lets a test hold saves back,
 * fail the next call of a method, or script the next tick.
 */
export class FakeStation implements InvigilBridge {
  readonly calls: { method: ApiMethod; input: unknown }[] = []
  exam: CandidateExam
  session: SessionView | null = null
  /** False: the station reports that no exam is installed. */
  installed = true
  namedProctors = false
  /** What the room has told this station; a test sets it as a room's commands would. */
  roomNotices: RoomNoticesView = { linked: false, startReleased: true, announcements: [] }
  /** While true, saveAnswer waits until the test calls releaseSaves(). */
  holdSaves = false
  private held: (() => void)[] = []
  /** While true, session.current answers as of the call, but only once the test calls releaseCurrent(): a slow poll. */
  holdCurrent = false
  private heldCurrent: (() => void)[] = []
  private failures = new Map<ApiMethod, ApiErrorCode[]>()
  private nextTicks: Partial<TickView>[] = []
  private revision = 0

  constructor(exam: CandidateExam = sampleExam()) {
    this.exam = exam
  }

  /** A session already running, as after check-in and the rules. */
  startRunning(overrides: Partial<SessionView> = {}): SessionView {
    this.session = {
      sessionId: 'ses_test',
      state: 'running',
      candidate: { candidateId: 'C-001', name: '陳大文' },
      exam: this.exam,
      answers: [],
      flags: [],
      struckOptions: [],
      position: null,
      rulesAcknowledged: true,
      time: { state: 'running', allowedMs: 1_800_000, elapsedMs: 0, remainingMs: 1_800_000, warnings: [] },
      submitReason: null,
      movedHere: null,
      receipt: null,
      ...overrides,
    }
    return this.session
  }

  failNext(method: ApiMethod, code: ApiErrorCode = 'STORAGE_FAILED'): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), code])
  }

  scriptTick(tick: Partial<TickView>): void {
    this.nextTicks.push(tick)
  }

  releaseSaves(): void {
    const held = this.held
    this.held = []
    for (const release of held) release()
  }

  releaseCurrent(): void {
    const held = this.heldCurrent
    this.heldCurrent = []
    for (const release of held) release()
  }

  callsOf(method: ApiMethod): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.input)
  }

  async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<ApiOutput<M>>> {
    this.calls.push({ method, input })
    const code = this.failures.get(method)?.shift()
    if (method === 'session.saveAnswer' && this.holdSaves) await new Promise<void>((resolve) => this.held.push(resolve))
    if (code) return { ok: false, error: { code, message: `fake ${method} failure` } }
    // As the core's start handler: a checked-in candidate starts only once the room released the start.
    if (
      method === 'session.acknowledgeRules' &&
      this.session?.state === 'checked_in' &&
      !this.roomNotices.startReleased
    )
      return { ok: false, error: { code: 'START_NOT_RELEASED', message: 'fake: the room has not released the start' } }
    if (method === 'session.current' && this.holdCurrent) {
      const asOfCall = structuredClone(this.session)
      await new Promise<void>((resolve) => this.heldCurrent.push(resolve))
      return { ok: true, value: asOfCall as ApiOutput<M> }
    }
    // Each branch returns the output type of the method it handles.
    return { ok: true, value: this.handle(method, input) as ApiOutput<M> }
  }

  private examFacts() {
    const { id, title, language, duration_minutes: durationMinutes, sections } = this.exam
    return {
      id,
      title,
      language,
      durationMinutes,
      itemCount: sections.reduce((sum, section) => sum + section.items.length, 0),
    }
  }

  private running(): SessionView {
    if (!this.session) throw new Error('the fake has no session')
    return this.session
  }

  private handle(method: ApiMethod, input: unknown): unknown {
    switch (method) {
      case 'station.status':
        return {
          stationId: 'station-test',
          appVersion: '0.0.0',
          exam: this.installed ? this.examFacts() : null,
          activeSessionId: this.session?.sessionId ?? null,
          transport: 'browser-host',
          namedProctors: this.namedProctors,
        }
      case 'station.roomNotices':
        return structuredClone(this.roomNotices)
      case 'session.current':
        return this.session
      case 'session.checkIn': {
        const view = this.startRunning({
          state: 'checked_in',
          rulesAcknowledged: false,
          candidate: input as ApiInput<'session.checkIn'>,
        })
        return view
      }
      case 'session.acknowledgeRules': {
        // The clock runs from here, as the core's does (a recovered or moved session's too).
        const session = this.running()
        return Object.assign(session, {
          state: 'running',
          rulesAcknowledged: true,
          time: { ...session.time, state: 'running' },
        })
      }
      case 'session.saveAnswer': {
        const { unitId, response } = input as ApiInput<'session.saveAnswer'>
        const saved: SavedAnswer = { unitId, response, revision: ++this.revision, savedAt: '2026-05-01T09:30:00.000Z' }
        const session = this.running()
        session.answers = [...session.answers.filter((answer) => answer.unitId !== unitId), saved]
        return { ...saved, remainingMs: session.time.remainingMs } satisfies AnswerAck
      }
      case 'session.setFlag': {
        const { unitId, flagged } = input as ApiInput<'session.setFlag'>
        const session = this.running()
        session.flags = flagged ? [...new Set([...session.flags, unitId])] : session.flags.filter((id) => id !== unitId)
        return { flags: session.flags }
      }
      case 'session.setStruckOptions': {
        const struck = input as ApiInput<'session.setStruckOptions'>
        const session = this.running()
        session.struckOptions = [
          ...session.struckOptions.filter((entry) => entry.unitId !== struck.unitId),
          struck,
        ].filter((entry) => entry.letters.length > 0)
        return { unitId: struck.unitId, letters: [...struck.letters].sort() }
      }
      case 'session.navigate':
        this.running().position = (input as ApiInput<'session.navigate'>).unitId
        return { position: this.running().position }
      case 'session.tick': {
        const session = this.running()
        const tick: TickView = { ...session.time, newWarnings: [], timeUp: false, ...this.nextTicks.shift() }
        session.time = {
          state: tick.state,
          allowedMs: tick.allowedMs,
          elapsedMs: tick.elapsedMs,
          remainingMs: tick.remainingMs,
          warnings: tick.warnings,
        }
        session.state = tick.state
        return tick
      }
      case 'session.submit': {
        const session = this.running()
        session.state = 'submitted'
        session.submitReason = 'candidate'
        session.receipt = {
          code: 'ABCDE-FGH23',
          candidate: session.candidate,
          exam: { id: this.exam.id, title: this.exam.title },
          submittedAt: '2026-05-01T10:00:00.000Z',
        }
        return {
          receipt: session.receipt,
          sessionId: session.sessionId,
          state: 'submitted',
          submittedAt: '2026-05-01T10:00:00.000Z',
          answeredCount: session.answers.length,
          unitCount: 6,
          questions: { answered: session.answers.length, total: this.examFacts().itemCount },
        }
      }
    }
  }
}
