import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PACKAGE_HASH, runningSession, tempStation, TEST_PIN, type TempStation } from './testing/tempStation'
import { verifyChain } from '../base/eventChain'
import { answerKindOf, requireFormUnit, type FormUnit } from '../delivery/formUnits'

let station: TempStation
beforeEach(() => {
  station = tempStation()
})
afterEach(() => station.cleanup())

const MIN = 60_000
const eventTypes = (sessionId: string): string[] =>
  station.db
    .prepare<[string], string>('SELECT type FROM events WHERE session_id = ? ORDER BY seq')
    .pluck()
    .all(sessionId)
const lastEvent = (sessionId: string): { type: string; data: Record<string, unknown> } =>
  JSON.parse(
    station.db
      .prepare<[string], string>('SELECT line FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1')
      .pluck()
      .get(sessionId) ?? '{}',
  ) as { type: string; data: Record<string, unknown> }

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('session service: candidate path', () => {
  it('saves answers as new revisions, acknowledges after commit, and restores them from a snapshot', async () => {
    const { service, clock } = station
    const id = await runningSession(station)
    clock.advance(MIN)
    expect(service.saveAnswer(id, 'q1', 'B')).toMatchObject({ unitId: 'q1', revision: 1, remainingMs: 59 * MIN })
    expect(service.saveAnswer(id, 'q2', ['C', 'A'])).toMatchObject({ revision: 1 })
    expect(service.saveAnswer(id, 'q3', true)).toMatchObject({ revision: 1 })
    expect(service.saveAnswer(id, 'q4', '光合作用需要陽光')).toMatchObject({ revision: 1 })
    expect(service.saveAnswer(id, 'q1', 'D')).toMatchObject({ unitId: 'q1', revision: 2 })
    service.setFlag(id, 'q2', true)
    service.setFlag(id, 'q3', true)
    service.setFlag(id, 'q2', false)

    const snapshot = service.snapshot(id)
    expect(snapshot).toMatchObject({
      state: 'running',
      examId: 'demo-exam',
      packageHash: PACKAGE_HASH,
      formSeed: 'seed-1',
    })
    expect(snapshot.candidate).toEqual({ candidateId: 'C-001', name: '陳大文' })
    expect(snapshot.answers.map((a) => [a.unitId, a.revision, a.response])).toEqual([
      ['q1', 2, 'D'],
      ['q2', 1, ['A', 'C']],
      ['q3', 1, true],
      ['q4', 1, '光合作用需要陽光'],
    ])
    expect(snapshot.flags).toEqual(['q3'])
    expect(snapshot.elapsedMs).toBe(MIN)
    expect(eventTypes(id)).toEqual(
      ['session_created', 'checked_in', 'started'].concat(Array(5).fill('answer_saved'), [
        'flagged',
        'flagged',
        'unflagged',
      ]),
    )
  })

  it('stores answers and identity only as ciphertext, and logs a digest, never the answer', async () => {
    const id = await runningSession(station)
    station.service.saveAnswer(id, 'q4', 'a very distinctive answer')
    const dump = station.db.prepare<[], string>("SELECT group_concat(line, '') FROM events").pluck().get()
    const blobs = Buffer.concat(
      station.db
        .prepare<[], Buffer>('SELECT ciphertext FROM answers UNION ALL SELECT candidate_ct FROM sessions')
        .pluck()
        .all(),
    )
    for (const secret of ['distinctive', '陳大文', 'C-001']) {
      expect(dump).not.toContain(secret)
      expect(blobs.includes(Buffer.from(secret))).toBe(false)
    }
    expect(lastEvent(id)).toMatchObject({
      type: 'answer_saved',
      data: { item: 'q4', revision: 1, ct: expect.stringMatching(/^[0-9a-f]{64}$/) },
    })
  })

  it('refuses malformed responses and item ids with VALIDATION_FAILED, saving nothing', async () => {
    const id = await runningSession(station)
    for (const bad of [42, ['a'], ['A', 'A'], { choice: 'A' }, 'x'.repeat(20_001), [true]]) {
      expect(
        codeOf(() => station.service.saveAnswer(id, 'q1', bad)),
        JSON.stringify(bad).slice(0, 20),
      ).toBe('VALIDATION_FAILED')
    }
    expect(codeOf(() => station.service.saveAnswer(id, 'q|1', 'A'))).toBe('VALIDATION_FAILED')
    expect(station.service.saveAnswer(id, 'q1', 'x'.repeat(20_000)).revision).toBe(1)
    expect(station.service.saveAnswer(id, 'q1', null).revision).toBe(2)
  })

  it('checks responses against the form when the caller supplies unit kinds', async () => {
    const units = new Map<string, FormUnit>([
      ['s1', { id: 's1', type: 'single', letters: ['A', 'B'] }],
      ['t1', { id: 't1', type: 'true_false', letters: [] }],
    ])
    const kindOf = (unitId: string) => answerKindOf(requireFormUnit(units, unitId))
    const { SessionService } = await import('./sessionService')
    const { masterKeyKeyring } = await import('../crypto/keyring')
    const service = new SessionService({
      db: station.db,
      keyring: masterKeyKeyring(Buffer.alloc(32, 1)),
      clock: station.clock,
    })
    const { sessionId } = service.createSession({
      examId: 'e',
      packageHash: PACKAGE_HASH,
      formSeed: 's',
      durationMs: MIN * 10,
    })
    service.checkIn(sessionId, { candidateId: 'C-2', name: 'Ng' })
    service.start(sessionId)
    expect(service.saveAnswer(sessionId, 's1', 'B', kindOf('s1')).revision).toBe(1)
    expect(codeOf(() => service.saveAnswer(sessionId, 's1', true, kindOf('s1')))).toBe('VALIDATION_FAILED')
    expect(codeOf(() => service.saveAnswer(sessionId, 't1', 'B', kindOf('t1')))).toBe('VALIDATION_FAILED')
    expect(codeOf(() => service.saveAnswer(sessionId, 'nope', 'B', kindOf('nope')))).toBe('VALIDATION_FAILED')
  })

  it('refuses actions the state does not allow', async () => {
    const { service } = station
    const { sessionId } = service.createSession({
      examId: 'e',
      packageHash: PACKAGE_HASH,
      formSeed: 's',
      durationMs: MIN,
    })
    expect(codeOf(() => service.start(sessionId))).toBe('ILLEGAL_TRANSITION')
    expect(codeOf(() => service.saveAnswer(sessionId, 'q1', 'A'))).toBe('NOT_RUNNING')
    expect(codeOf(() => service.submit(sessionId, 'candidate'))).toBe('ILLEGAL_TRANSITION')
    expect(codeOf(() => service.snapshot('ses_missing'))).toBe('SESSION_NOT_FOUND')
    expect(codeOf(() => service.createSession({ examId: '', packageHash: 'x', formSeed: 's', durationMs: 1 }))).toBe(
      'VALIDATION_FAILED',
    )
  })

  it('logs incidents with their data, in any state before export', async () => {
    const id = await runningSession(station)
    station.service.logIncident(id, 'focus_lost', { durationMs: 1200 })
    expect(lastEvent(id)).toMatchObject({ type: 'focus_lost', data: { durationMs: 1200 } })
    station.service.logIncident(id, 'escape_attempt', { keys: 'Alt+F4' })
    expect(codeOf(() => station.service.logIncident(id, 'coffee_break' as 'focus_lost', {}))).toBe('VALIDATION_FAILED')
    expect(codeOf(() => station.service.logIncident(id, 'display_changed', { blob: 'x'.repeat(5000) }))).toBe(
      'VALIDATION_FAILED',
    )
  })
})

describe('session service: submission, export and grading', () => {
  it('exports a verified record only after submission and marks it exported on confirmation', async () => {
    const { service, clock } = station
    const id = await runningSession(station)
    service.saveAnswer(id, 'q1', 'A')
    clock.advance(MIN)
    service.saveAnswer(id, 'q1', 'C')
    service.setFlag(id, 'q1', true)
    expect(codeOf(() => service.exportRecord(id))).toBe('NOT_RUNNING')
    expect(service.submit(id, 'candidate')).toMatchObject({ state: 'submitted', elapsedMs: MIN })
    expect(codeOf(() => service.saveAnswer(id, 'q1', 'B'))).toBe('NOT_RUNNING')

    const record = service.exportRecord(id)
    expect(record.responses).toMatchObject([{ unitId: 'q1', revision: 2, response: 'C' }])
    expect(record.revisions.map((r) => r.response)).toEqual(['A', 'C'])
    expect(record.flags).toEqual(['q1'])
    expect(record.candidate).toEqual({ candidateId: 'C-001', name: '陳大文' })
    expect(record.timing).toMatchObject({
      durationMs: 60 * MIN,
      allowedMs: 60 * MIN,
      elapsedMs: MIN,
      submitReason: 'candidate',
    })
    expect(verifyChain(record.events)).toEqual({ ok: true, head: record.head.hash, count: record.head.seq })

    expect(service.markExported(id, { bundleSha256: 'cd'.repeat(32) })).toEqual({ sessionId: id, state: 'exported' })
    expect(lastEvent(id)).toMatchObject({ type: 'exported', data: { bundleSha256: 'cd'.repeat(32) } })
    // A second copy of the same log (a lost stick) adds no mark; a bundle with more events than any marked does.
    const marks = () => service.exportRecord(id).events.filter((line) => line.includes('"exported"')).length
    service.markExported(id, { events: record.head.seq })
    expect(marks()).toBe(1)
    service.markExported(id, { events: record.head.seq + 1 })
    expect(marks()).toBe(2)
    expect(lastEvent(id)).toMatchObject({ type: 'exported', data: { events: record.head.seq + 1 } })
    expect(codeOf(() => service.logIncident(id, 'focus_lost'))).toBe('NOT_RUNNING')
  })

  it('records manual scores encrypted, as revisions, only after submission', async () => {
    const { service } = station
    const id = await runningSession(station)
    const score = { itemId: 'case-1', partId: 'case-1b', score: 3, grader: 'Ms Lee', comment: 'good reasoning' }
    expect(codeOf(() => service.recordManualScore(id, score))).toBe('NOT_RUNNING')
    service.submit(id, 'proctor')
    expect(service.recordManualScore(id, score)).toMatchObject({ revision: 1 })
    expect(service.recordManualScore(id, { ...score, score: 4 })).toMatchObject({ revision: 2 })
    expect(codeOf(() => service.recordManualScore(id, { ...score, score: -1 }))).toBe('VALIDATION_FAILED')
    expect(service.manualScores(id).map((s) => s.score)).toEqual([3, 4])
    expect(lastEvent(id)).toMatchObject({ type: 'graded', data: { item: 'case-1', part: 'case-1b', revision: 2 } })
    expect(JSON.stringify(lastEvent(id))).not.toContain('Ms Lee')
    expect(service.exportRecord(id).manualScores).toHaveLength(2)
    expect(service.verifyIntegrity(id)).toMatchObject({ ok: true })
  })

  it('accepts a proctor submit while paused', async () => {
    const id = await runningSession(station)
    await station.service.pause(id, TEST_PIN)
    expect(station.service.submit(id, 'proctor').state).toBe('submitted')
  })
})
