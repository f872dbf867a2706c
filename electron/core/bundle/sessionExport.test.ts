import { describe, expect, it } from 'vitest'
import { runtimeBank } from '../runtime/testing/runtimeFixture'
import type { SessionRecord } from '../session/sessionTypes'
import { eventLine } from '../base/eventChain'
import type { SessionEvent } from '../base/eventChain'
import { writeResultBundle } from './bundleWriter'
import { verifyBundle } from './bundleVerifier'
import { createTestStation } from './testing/sampleBundle'
import { gradeRecord, gradingInputsOf, resultBundleInputOf } from './sessionExport'

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString()
const HASH = 'cd'.repeat(32)
const SESSION = 'ses_export'

const events: SessionEvent[] = [
  { seq: 1, type: 'session_created', at: at(0), data: { session: SESSION } },
  { seq: 2, type: 'checked_in', at: at(1), data: {} },
  { seq: 3, type: 'started', at: at(2), data: {} },
  { seq: 4, type: 'answer_saved', at: at(3), data: { item: 'q1', revision: 1 } },
  { seq: 5, type: 'answer_saved', at: at(4), data: { item: 'q1', revision: 2 } },
  { seq: 6, type: 'answer_saved', at: at(5), data: { item: 'case.2', revision: 1 } },
  { seq: 7, type: 'started', at: at(6), data: {} },
  { seq: 8, type: 'submitted', at: at(7), data: { reason: 'time_up' } },
  { seq: 9, type: 'graded', at: at(8), data: {} },
  { seq: 10, type: 'graded', at: at(9), data: {} },
]

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    format: 'invigil-session-record/1',
    session: {
      id: SESSION,
      examId: runtimeBank.id,
      packageHash: HASH,
      formSeed: 'seed',
      keyId: 'key_1',
      createdAt: at(0),
    },
    state: 'submitted',
    candidate: { candidateId: 'C-9', name: '李小龍' },
    responses: [
      { unitId: 'case.2', revision: 1, savedAt: at(5), response: '先安撫' },
      { unitId: 'q1', revision: 2, savedAt: at(4), response: 'B' },
    ],
    revisions: [],
    flags: ['case.2'],
    manualScores: [
      { itemId: 'case', partId: 'case.2', score: 1, grader: 'A', revision: 1, savedAt: at(8) },
      { itemId: 'case', partId: 'case.2', score: 2.5, grader: 'B', comment: 'regraded', revision: 2, savedAt: at(9) },
    ],
    timing: {
      durationMs: 30 * 60_000,
      accommodations: { extraPercent: 25 },
      extensions: [{ minutes: 5, reason: 'fire alarm', at: at(3) }],
      allowedMs: 42.5 * 60_000,
      elapsedMs: 7 * 60_000,
      submitReason: 'time_up',
    },
    events: events.map(eventLine),
    head: { seq: 10, hash: 'ff'.repeat(32) },
    ...overrides,
  }
}

const exam = { id: runtimeBank.id, title: runtimeBank.title, packageHash: HASH }

describe('session record -> grading inputs', () => {
  it('keys responses by unit id and manual scores by part id (else item id), the latest revision winning', () => {
    const inputs = gradingInputsOf(record())
    expect(inputs.responses).toEqual({ 'case.2': '先安撫', q1: 'B' })
    expect(inputs.manualScores).toEqual({ 'case.2': { score: 2.5, grader: 'B', at: at(9), comment: 'regraded' } })
    const plain = gradingInputsOf(
      record({ manualScores: [{ itemId: 'q4', score: 3, grader: 'C', revision: 1, savedAt: at(8) }] }),
    )
    expect(plain.manualScores).toEqual({ q4: { score: 3, grader: 'C', at: at(8) } })
  })

  it("grades against the bank, and refuses another exam's bank", () => {
    expect(gradeRecord(runtimeBank, record())).toMatchObject({ total: 4.5, pending: 0 })
    expect(() => gradeRecord({ ...runtimeBank, id: 'other' }, record())).toThrow(
      expect.objectContaining({ code: 'EXAM_MISMATCH' }),
    )
  })
})

describe('session record -> result bundle input', () => {
  const grading = gradeRecord(runtimeBank, record())

  it('maps every manifest field: first start, last submit, snake_case accommodations, responses by revision', () => {
    const input = resultBundleInputOf({ record: record(), exam, grading, exportedAt: at(10) })
    expect(input).toEqual({
      exam: { id: runtimeBank.id, title: runtimeBank.title, package_hash: HASH },
      candidate: { id: 'C-9', name: '李小龍' },
      session: { id: SESSION, created_at: at(0), started_at: at(2), submitted_at: at(7), submit_reason: 'time_up' },
      timing: {
        allowed_ms: 42.5 * 60_000,
        elapsed_ms: 7 * 60_000,
        extensions: [{ minutes: 5, reason: 'fire alarm', at: at(3) }],
        accommodations: { extra_percent: 25 },
      },
      responses: [
        { item: 'case.2', value: '先安撫', revision: 1, saved_at: at(5) },
        { item: 'q1', value: 'B', revision: 2, saved_at: at(4) },
      ],
      flags: ['case.2'],
      scores: grading,
      exported_at: at(10),
    })
  })

  it('gives the writer what it signs and the verifier accepts', async () => {
    const station = createTestStation()
    const input = resultBundleInputOf({ record: record(), exam, grading, exportedAt: at(10) })
    const bundle = writeResultBundle(input, record().events, station)
    expect(await verifyBundle(bundle, { trustedStationKeys: [station.publicKeyJwk] })).toMatchObject({
      ok: true,
      manifest: { scores: { total: 4.5 } },
    })
  })

  it('leaves start and submit null when the log has none, and omits unset accommodations', () => {
    const bare = record({
      events: [eventLine({ seq: 1, type: 'session_created', at: at(0), data: { session: SESSION } })],
    })
    const input = resultBundleInputOf({
      record: { ...bare, timing: { ...bare.timing, accommodations: {} } },
      exam,
      grading,
      exportedAt: at(1),
    })
    expect(input.session).toMatchObject({ started_at: null, submitted_at: null })
    expect(input.timing.accommodations).toEqual({})
  })

  it('refuses a record of another exam or package, or without a candidate', () => {
    const source = { record: record(), exam, grading, exportedAt: at(10) }
    expect(() => resultBundleInputOf({ ...source, exam: { ...exam, packageHash: 'ab'.repeat(32) } })).toThrow(
      expect.objectContaining({ code: 'EXAM_MISMATCH' }),
    )
    expect(() => resultBundleInputOf({ ...source, exam: { ...exam, id: 'x' } })).toThrow(
      expect.objectContaining({ code: 'EXAM_MISMATCH' }),
    )
    expect(() => resultBundleInputOf({ ...source, record: record({ candidate: null }) })).toThrow(
      expect.objectContaining({ code: 'RECORD_INCOMPLETE' }),
    )
  })
})
