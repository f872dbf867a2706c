import { bankSchema } from '../../../bank/schema'
import type { Bank } from '../../../bank/schema'
import type { UnitScore } from '../../../grading/gradingTypes'
import type { CandidateResponse } from '../../../base/responseSchema'
import type { AnalyzedResult } from '../analyzedResult'

/** Test support: results built from a few hand-written numbers, so expected statistics can be worked out on paper. */
export interface UnitFixture {
  id: string
  points: number
  max: number
  status?: UnitScore['status']
  method?: UnitScore['method']
  response?: CandidateResponse
}

export interface ResultFixture {
  candidate: string
  name?: string
  units: UnitFixture[]
  flags?: string[]
  passMark?: number | null
  elapsedMs?: number
  allowedMs?: number
  examId?: string
  title?: string
}

const AT = '2026-11-23T09:00:00.000Z'

export function resultFixture(fixture: ResultFixture): AnalyzedResult {
  const units: UnitScore[] = fixture.units.map(({ id, points, max, status, method }) => ({
    id,
    points,
    max,
    method: method ?? 'auto',
    status: status ?? 'scored',
  }))
  const total = units.reduce((sum, unit) => sum + unit.points, 0)
  const max = units.reduce((sum, unit) => sum + unit.max, 0)
  const pending = units.filter((unit) => unit.status === 'pending_manual').length
  const passMark = fixture.passMark === undefined ? null : fixture.passMark
  return {
    exam: { id: fixture.examId ?? 'exam-1', title: fixture.title ?? 'Exam One', package_hash: 'ab'.repeat(32) },
    candidate: { id: fixture.candidate, name: fixture.name ?? `Name ${fixture.candidate}` },
    station: { id: '0123456789abcdef' },
    session: {
      id: `sess-${fixture.candidate}`,
      created_at: AT,
      started_at: AT,
      submitted_at: AT,
      submit_reason: 'candidate',
    },
    timing: {
      allowed_ms: fixture.allowedMs ?? 3_600_000,
      elapsed_ms: fixture.elapsedMs ?? 1_800_000,
      extensions: [],
      accommodations: {},
    },
    responses: fixture.units
      .filter((unit) => unit.response !== undefined)
      .map((unit) => ({ item: unit.id, value: unit.response ?? null, revision: 1, saved_at: AT })),
    flags: fixture.flags ?? [],
    scores: {
      units,
      sections: [{ id: 's1', points: total, max, pending }],
      total,
      max,
      pending,
      pass_mark: passMark,
      passed: pending > 0 || passMark === null ? null : total >= passMark,
    },
  }
}

/** The four-unit exam of the hand-worked example in examAnalysis.test.ts. */
export const fixtureBank: Bank = bankSchema.parse({
  format: 'invigil-bank/1',
  id: 'exam-1',
  title: 'Exam One',
  language: 'en',
  duration_minutes: 60,
  pass_mark: 4,
  sections: [
    {
      id: 's1',
      title: 'Section',
      items: [
        { id: 'q1', type: 'single', stem: 'One?', points: 1, options: { A: 'a', B: 'b', C: 'c' }, key: 'B' },
        {
          id: 'q2',
          type: 'multiple',
          stem: 'Two?',
          points: 2,
          options: { A: 'a', B: 'b', C: 'c', D: 'd' },
          key: ['A', 'C'],
        },
        { id: 'q3', type: 'true_false', stem: 'Three?', points: 1, key: true },
        { id: 'q4', type: 'short_answer', stem: 'Four?', points: 4 },
      ],
    },
  ],
})

const text = (
  points: number,
  status: UnitScore['status'] = 'scored',
  response: string | undefined = 'words',
): UnitFixture => ({
  id: 'q4',
  points,
  max: 4,
  method: 'manual',
  status,
  response,
})

/** A choice unit's answer (undefined: never answered) and the points it earned. */
type Answer = [CandidateResponse | undefined, number]

interface Row {
  candidate: string
  q1: Answer
  q2: Answer
  q3: Answer
  q4: UnitFixture
  elapsed: number
  flags: string[]
}

const choice = (id: string, max: number, [response, points]: Answer): UnitFixture => ({
  id,
  response,
  points,
  max,
  status: response === undefined ? 'unanswered' : 'scored',
})

const rows: Row[] = [
  { candidate: 'c1', q1: ['B', 1], q2: [['A', 'C'], 2], q3: [true, 1], q4: text(3), elapsed: 1_800_000, flags: [] },
  { candidate: 'c2', q1: ['B', 1], q2: [['A'], 0], q3: [true, 1], q4: text(2), elapsed: 3_600_000, flags: ['q1'] },
  {
    candidate: 'c3',
    q1: ['A', 0],
    q2: [['A', 'C'], 2],
    q3: [false, 0],
    q4: text(0, 'pending_manual'),
    elapsed: 900_000,
    flags: ['q4'],
  },
  {
    candidate: 'c4',
    q1: ['B', 1],
    q2: [['A', 'B'], 0],
    q3: [undefined, 0],
    q4: text(0, 'unanswered', undefined),
    elapsed: 3_420_000,
    flags: [],
  },
  { candidate: 'c5', q1: [undefined, 0], q2: [['C'], 0], q3: [true, 1], q4: text(4), elapsed: 0, flags: ['q1', 'q3'] },
]

/**
 * Five candidates; totals 7, 4, 2 (one unit pending), 1, 5 out of 8; pass mark 4. c5 has no allowed time.
 * Worked out by hand in examAnalysis.test.ts.
 */
export const fixtureResults: AnalyzedResult[] = rows.map(({ candidate, q1, q2, q3, q4, elapsed, flags }) =>
  resultFixture({
    candidate,
    passMark: 4,
    flags,
    elapsedMs: elapsed,
    allowedMs: candidate === 'c5' ? 0 : 3_600_000,
    units: [choice('q1', 1, q1), choice('q2', 2, q2), choice('q3', 1, q3), q4],
  }),
)
