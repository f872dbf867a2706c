import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installInput, runtimeDir, SECRET_EXPLANATION, SECRET_REFERENCE } from '../runtime/testing/runtimeFixture'
import type { RuntimeDir } from '../runtime/testing/runtimeFixture'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { ApiMethod, ApiOutput, ApiResult } from './contract'
import { createApiHandlers, createDispatch } from './handlers'
import type { ApiDispatch } from './handlers'

let home: RuntimeDir
let runtime: StationRuntime
let dispatch: ApiDispatch
const log = vi.fn()

beforeEach(async () => {
  home = runtimeDir()
  runtime = await home.open()
  dispatch = createDispatch(createApiHandlers(runtime, { transport: 'browser-host', appVersion: '1.2.3', log }))
  log.mockReset()
})
afterEach(async () => {
  await runtime.close()
  home.cleanup()
})

/** Calls a method and returns its value, failing the test with the error if it failed. */
async function ok<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
  const result = (await dispatch(method, input)) as ApiResult<ApiOutput<M>>
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`)
  return result.value
}

async function failed(method: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await dispatch(method, input)
  if (result.ok) throw new Error(`${method} succeeded with ${JSON.stringify(result.value)}`)
  return result.error
}

const candidate = { candidateId: 'C-001', name: '陳大文' }

describe('before anyone checks in', () => {
  it('reports the station, with no exam and no active session', async () => {
    expect(await ok('station.status', {})).toEqual({
      stationId: runtime.station.stationId,
      appVersion: '1.2.3',
      exam: null,
      activeSessionId: null,
      transport: 'browser-host',
      namedProctors: false,
    })
    expect(await ok('session.current', {})).toBeNull()
  })

  it('refuses a check-in with no exam installed, and session actions with no session', async () => {
    expect(await failed('session.checkIn', candidate)).toMatchObject({ code: 'NO_EXAM_INSTALLED' })
    runtime.installExam(installInput())
    for (const [method, input] of [
      ['session.acknowledgeRules', {}],
      ['session.saveAnswer', { unitId: 'q1', response: 'A' }],
      ['session.setFlag', { unitId: 'q1', flagged: true }],
      ['session.setStruckOptions', { unitId: 'q1', letters: ['A'] }],
      ['session.navigate', { unitId: 'q1' }],
      ['session.tick', {}],
      ['session.submit', {}],
    ] as const) {
      expect(await failed(method, input), method).toMatchObject({ code: 'NO_ACTIVE_SESSION' })
    }
  })
})

describe('input validation', () => {
  it.each([
    ['station.status', { extra: 1 }, /unrecognized/i],
    ['station.status', undefined, /^input: /],
    ['session.checkIn', { candidateId: 'C1' }, /^name: /],
    ['session.checkIn', { candidateId: '   ', name: 'A' }, /^candidateId: /],
    ['session.checkIn', { candidateId: 'C1', name: 'x'.repeat(501) }, /^name: /],
    ['session.checkIn', { ...candidate, isProctor: true }, /isProctor/],
    ['session.saveAnswer', { unitId: '../etc', response: 'A' }, /^unitId: /],
    ['session.saveAnswer', { unitId: 'q1', response: { A: true } }, /^response: /],
    ['session.saveAnswer', { unitId: 'q1', response: 'x'.repeat(20_001) }, /^response: /],
    ['session.saveAnswer', { unitId: 'q1' }, /^response: /],
    ['session.setFlag', { unitId: 'q1', flagged: 'yes' }, /^flagged: /],
    ['session.navigate', { unitId: 42 }, /^unitId: /],
    ['session.navigate', 'q1', /^input: /],
  ])('%s(%j) is VALIDATION_FAILED naming the field', async (method, input, message) => {
    const error = await failed(method, input)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.message).toMatch(message)
  })

  it.each(['session.start', 'proctor.grantEverything', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''])(
    '%s is UNKNOWN_METHOD',
    async (method) => {
      expect(await failed(method, {})).toMatchObject({ code: 'UNKNOWN_METHOD' })
    },
  )

  it('refuses a method name that is not a string', async () => {
    expect(await failed(42 as unknown as string, {})).toMatchObject({ code: 'UNKNOWN_METHOD' })
  })
})

describe('a candidate sitting the exam', () => {
  beforeEach(() => {
    runtime.installExam(installInput())
  })

  it('checks in, reads the rules (which starts the clock), answers, flags, moves, and finds it all again', async () => {
    const checkedIn = await ok('session.checkIn', candidate)
    expect(checkedIn).toMatchObject({
      state: 'checked_in',
      candidate,
      answers: [],
      flags: [],
      position: null,
      rulesAcknowledged: false,
    })
    expect(checkedIn.time).toMatchObject({ state: 'checked_in', allowedMs: 30 * 60_000, elapsedMs: 0, warnings: [] })
    expect(checkedIn.exam.sections.flatMap((s) => s.items.map((i) => i.id)).sort()).toEqual([
      'case',
      'q1',
      'q2',
      'q3',
      'q4',
    ])
    expect((await ok('station.status', {})).activeSessionId).toBe(checkedIn.sessionId)
    expect((await ok('station.status', {})).exam).toMatchObject({
      id: 'runtime-demo',
      durationMinutes: 30,
      itemCount: 5,
    })

    // Not yet started: nothing can be answered.
    expect(await failed('session.saveAnswer', { unitId: 'q1', response: 'B' })).toMatchObject({ code: 'NOT_RUNNING' })
    const started = await ok('session.acknowledgeRules', {})
    expect(started).toMatchObject({ state: 'running', rulesAcknowledged: true })
    // A retry after a lost reply changes nothing.
    expect(await ok('session.acknowledgeRules', {})).toMatchObject({ state: 'running' })

    home.clock.advance(90_000)
    const ack = await ok('session.saveAnswer', { unitId: 'q1', response: 'B' })
    expect(ack).toMatchObject({ unitId: 'q1', revision: 1, remainingMs: 30 * 60_000 - 90_000 })
    expect((await ok('session.saveAnswer', { unitId: 'q1', response: 'C' })).revision).toBe(2)
    await ok('session.saveAnswer', { unitId: 'q2', response: ['C', 'A'] })
    await ok('session.saveAnswer', { unitId: 'case.2', response: '先傾聽' })
    expect(await failed('session.saveAnswer', { unitId: 'case', response: 'A' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect(await failed('session.saveAnswer', { unitId: 'q3', response: 'A' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })

    expect(await ok('session.setFlag', { unitId: 'q4', flagged: true })).toEqual({ flags: ['q4'] })
    expect(await ok('session.setFlag', { unitId: 'case.1', flagged: true })).toEqual({ flags: ['case.1', 'q4'] })
    expect(await ok('session.setFlag', { unitId: 'q4', flagged: false })).toEqual({ flags: ['case.1'] })
    expect(await failed('session.setFlag', { unitId: 'nope', flagged: true })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect(await ok('session.navigate', { unitId: 'q3' })).toEqual({ position: 'q3' })
    expect(await failed('session.navigate', { unitId: 'q99' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /q99/,
    })

    const restored = await ok('session.current', {})
    expect(restored).toMatchObject({
      sessionId: checkedIn.sessionId,
      state: 'running',
      position: 'q3',
      flags: ['case.1'],
      rulesAcknowledged: true,
    })
    expect(restored?.answers.map((a) => [a.unitId, a.response, a.revision]).sort()).toEqual([
      ['case.2', '先傾聽', 1],
      ['q1', 'C', 2],
      ['q2', ['A', 'C'], 1],
    ])
    expect(restored?.exam).toEqual(checkedIn.exam)
  })

  it('ticks the clock, announcing each warning once, and submits at zero', async () => {
    await ok('session.checkIn', candidate)
    await ok('session.acknowledgeRules', {})
    home.clock.advance(20 * 60_000 + 1)
    expect(await ok('session.tick', {})).toMatchObject({
      state: 'running',
      newWarnings: [600_000],
      warnings: [600_000],
      timeUp: false,
    })
    home.clock.advance(1000)
    expect(await ok('session.tick', {})).toMatchObject({ newWarnings: [], warnings: [600_000] })
    expect((await ok('session.current', {}))?.time.warnings).toEqual([600_000])
    home.clock.advance(10 * 60_000)
    expect(await ok('session.tick', {})).toMatchObject({ state: 'submitted', timeUp: true, remainingMs: 0 })
    expect(await failed('session.saveAnswer', { unitId: 'q1', response: 'B' })).toMatchObject({ code: 'NOT_RUNNING' })
    // The candidate's "submit" after the timer did it reports the submission instead of failing.
    expect(await ok('session.submit', {})).toMatchObject({ state: 'submitted', answeredCount: 0, unitCount: 6 })
  })

  it('submits once, idempotently, and then takes the next candidate but not a second one mid-exam', async () => {
    const first = await ok('session.checkIn', candidate)
    expect(await failed('session.checkIn', { candidateId: 'C-002', name: 'B' })).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
    await ok('session.acknowledgeRules', {})
    await ok('session.saveAnswer', { unitId: 'q3', response: true })
    await ok('session.saveAnswer', { unitId: 'q4', response: null })
    const submitted = await ok('session.submit', {})
    expect(submitted).toMatchObject({ sessionId: first.sessionId, state: 'submitted', answeredCount: 1, unitCount: 6 })
    expect(submitted.submittedAt).toBe(new Date(home.clock.wallMs()).toISOString())
    expect(await ok('session.submit', {})).toEqual(submitted)
    expect(await ok('session.acknowledgeRules', {})).toMatchObject({ state: 'submitted' })

    const next = await ok('session.checkIn', { candidateId: 'C-002', name: 'B' })
    expect(next.sessionId).not.toBe(first.sessionId)
    expect(next.answers).toEqual([])
  })

  it('after a restart, finds the interrupted session and says the proctor must recover it', async () => {
    const { sessionId } = await ok('session.checkIn', candidate)
    await ok('session.acknowledgeRules', {})
    await ok('session.navigate', { unitId: 'q2' })
    await runtime.close()
    runtime = await home.open()
    dispatch = createDispatch(createApiHandlers(runtime, { transport: 'electron', appVersion: '1.2.3', log }))
    // Nothing saved yet: the candidate starts again at the first question.
    expect(await ok('session.current', {})).toMatchObject({ sessionId, state: 'interrupted', position: null })
    expect(await failed('session.acknowledgeRules', {})).toMatchObject({ code: 'SESSION_INTERRUPTED' })
    expect(await failed('session.saveAnswer', { unitId: 'q1', response: 'A' })).toMatchObject({ code: 'NOT_RUNNING' })
  })

  it('after a restart, opens at the question the candidate saved last, not the first one', async () => {
    await ok('session.checkIn', candidate)
    await ok('session.acknowledgeRules', {})
    await ok('session.saveAnswer', { unitId: 'q4', response: null })
    home.clock.advance(1000)
    await ok('session.saveAnswer', { unitId: 'q3', response: true })
    home.clock.advance(1000)
    await ok('session.navigate', { unitId: 'q2' })
    await runtime.close()
    runtime = await home.open()
    dispatch = createDispatch(createApiHandlers(runtime, { transport: 'electron', appVersion: '1.2.3', log }))
    expect(await ok('session.current', {})).toMatchObject({ state: 'interrupted', position: 'q3' })
  })

  it('answers an unexpected failure with a generic INTERNAL, logging the real error only on the server', async () => {
    await runtime.close()
    const error = await failed('station.status', {})
    expect(error).toEqual({ code: 'INTERNAL', message: expect.not.stringMatching(/closed|runtime|at /i) })
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining('station.status'),
      expect.objectContaining({ code: 'RUNTIME_CLOSED' }),
    )
  })

  it('never sends the hidden texts of the test bank', async () => {
    await ok('session.checkIn', candidate)
    const all = JSON.stringify([
      await ok('session.acknowledgeRules', {}),
      await ok('session.current', {}),
      await ok('session.submit', {}),
    ])
    for (const hidden of [
      SECRET_EXPLANATION,
      SECRET_REFERENCE,
      '"key"',
      '"explanation"',
      '"reference_answer"',
      '"notes"',
    ])
      expect(all).not.toContain(hidden)
  })
})
