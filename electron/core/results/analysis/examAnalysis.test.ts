import { describe, expect, it } from 'vitest'
import { analyzeExam, analyzeExams } from './examAnalysis'
import { fixtureBank, fixtureResults, resultFixture } from './testing/resultFixtures'

// Five candidates, worked out on paper (see testing/resultFixtures.ts):
//        q1 (1, key B)  q2 (2, key AC)  q3 (1, key true)  q4 (4, text)  total
//   c1   B  1           AC 2            true 1            3             7
//   c2   B  1           A  0            true 1            2             4
//   c3   A  0           AC 2            false 0           pending       2
//   c4   B  1           AB 0            -    0            -  0          1
//   c5   -  0           C  0            true 1            4             5
const withBank = analyzeExam('exam-1', fixtureResults, fixtureBank)
const unit = (id: string, analysis = withBank) => analysis.units.find((u) => u.id === id)

describe('exam analysis', () => {
  it('summarises the totals', () => {
    expect(withBank.candidates).toBe(5)
    expect(withBank.maxScore).toBe(8)
    expect(withBank.passMark).toBe(4)
    // Totals 7 4 2 1 5: mean 3.8, median 4, squared deviations sum to 22.8, so sd = √(22.8 / 4).
    expect(withBank.score.mean).toBeCloseTo(3.8, 12)
    expect(withBank.score.median).toBe(4)
    expect(withBank.score.sd).toBeCloseTo(Math.sqrt(5.7), 12)
    expect([withBank.score.min, withBank.score.max]).toEqual([1, 7])
  })

  it('bins the totals in tenths of the maximum', () => {
    // Bins of 0.8 points: 1 → bin 1, 2 → bin 2, 4 → bin 5, 5 → bin 6, 7 → bin 8.
    expect(withBank.scoreHistogram.map((b) => b.count)).toEqual([0, 1, 1, 0, 0, 1, 1, 0, 1, 0])
    expect(withBank.scoreHistogram[5]?.from).toBeCloseTo(4, 12)
  })

  it('computes the pass rate without the pending result', () => {
    expect(withBank.pass).toEqual({ passed: 3, failed: 1, pending: 1, noPassMark: 0, rate: 0.75 })
  })

  it('bins time used as a share of the allowed time, leaving out a session with none allowed', () => {
    // 0.5, 1.0, 0.25, 0.95 of the hour; c5 had no allowed time.
    expect(withBank.timeUsedHistogram.map((b) => b.count)).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 0, 2])
    expect(withBank.time.meanUsed).toBeCloseTo(0.675, 12)
    expect(withBank.time.medianElapsedMs).toBe((1_800_000 + 3_420_000) / 2)
  })

  it('analyses a single-answer item: difficulty, discrimination, omit rate, flags, choices with the key', () => {
    const q1 = unit('q1')
    expect(q1?.kind).toBe('single')
    expect(q1?.difficulty).toBeCloseTo(0.6, 12)
    // x 1 1 0 1 0 against rest 6 3 2 0 5: Σdxdy = −0.6, Σdx² = 1.2, Σdy² = 22.8.
    expect(q1?.discrimination).toBeCloseTo(-0.6 / Math.sqrt(1.2 * 22.8), 12)
    expect(q1?.omitRate).toBeCloseTo(0.2, 12)
    expect(q1?.flagged).toBe(2)
    expect(q1?.keySource).toBe('bank')
    expect(q1?.choices).toEqual([
      { choice: 'A', count: 1, rate: 0.2, key: false },
      { choice: 'B', count: 3, rate: 0.6, key: true },
      { choice: 'C', count: 0, rate: 0, key: false },
    ])
    expect(q1?.review).toEqual(['negative_discrimination'])
  })

  it('counts each letter of a multiple-choice answer', () => {
    const q2 = unit('q2')
    expect(q2?.difficulty).toBeCloseTo(0.4, 12)
    expect(q2?.choices.map((c) => [c.choice, c.count, c.key])).toEqual([
      ['A', 4, true],
      ['B', 1, false],
      ['C', 3, true],
      ['D', 0, false],
    ])
  })

  it('lists true before false for a true/false item', () => {
    expect(unit('q3')?.choices.map((c) => [c.choice, c.count, c.key])).toEqual([
      ['true', 3, true],
      ['false', 1, false],
    ])
  })

  it('leaves a pending short answer out of difficulty and discrimination', () => {
    const q4 = unit('q4')
    expect(q4?.kind).toBe('text')
    expect(q4?.pending).toBe(1)
    // Graded 3 2 0 4 of 4 each: 9 / 16. Against rest 4 2 1 1: Σdxdy = 2, Σdx² = 8.75, Σdy² = 6.
    expect(q4?.difficulty).toBeCloseTo(9 / 16, 12)
    expect(q4?.discrimination).toBeCloseTo(2 / Math.sqrt(52.5), 12)
    expect(q4?.choices).toEqual([])
    expect(q4?.keySource).toBe('none')
  })

  it('lists candidates by id, with no verdict while anything is pending', () => {
    expect(withBank.rows.map((r) => [r.candidateId, r.total, r.passed])).toEqual([
      ['c1', 7, true],
      ['c2', 4, true],
      ['c3', 2, null],
      ['c4', 1, false],
      ['c5', 5, true],
    ])
    expect(withBank.language).toBe('en')
  })
})

describe('exam analysis without the bank', () => {
  const without = analyzeExam('exam-1', fixtureResults)

  it('tells kinds from the responses and scoring method', () => {
    expect(without.units.map((u) => u.kind)).toEqual(['single', 'multiple', 'true_false', 'text'])
    expect(without.language).toBeNull()
  })

  it('marks the choices of full-point answers as the key, and lists only letters someone chose', () => {
    expect(unit('q1', without)?.keySource).toBe('full_points')
    expect(unit('q1', without)?.choices.map((c) => [c.choice, c.key])).toEqual([
      ['A', false],
      ['B', true],
    ])
    expect(
      unit('q2', without)
        ?.choices.filter((c) => c.key)
        .map((c) => c.choice),
    ).toEqual(['A', 'C'])
    expect(
      unit('q3', without)
        ?.choices.filter((c) => c.key)
        .map((c) => c.choice),
    ).toEqual(['true'])
  })

  it('marks no key when nobody earned full points, and calls an unanswered automatic unit unknown', () => {
    const results = ['c1', 'c2'].map((candidate) =>
      resultFixture({
        candidate,
        units: [
          { id: 'hard', points: 0, max: 1, response: 'A' },
          { id: 'blank', points: 0, max: 1, status: 'unanswered' },
        ],
      }),
    )
    const [hard, blank] = analyzeExam('exam-1', results).units
    expect(hard?.keySource).toBe('none')
    expect(hard?.choices).toEqual([{ choice: 'A', count: 2, rate: 1, key: false }])
    expect(blank?.kind).toBe('unknown')
    expect(blank?.omitRate).toBe(1)
  })
})

describe('several exams', () => {
  it('analyses each exam on its own, in id order, with the bank of the same id', () => {
    const other = resultFixture({
      candidate: 'x1',
      examId: 'exam-0',
      title: 'Zero',
      units: [{ id: 'z', points: 1, max: 1, response: 'A' }],
    })
    const analyses = analyzeExams([...fixtureResults, other], [fixtureBank])
    expect(analyses.map((a) => [a.examId, a.candidates, a.language])).toEqual([
      ['exam-0', 1, null],
      ['exam-1', 5, 'en'],
    ])
  })

  it('refuses results of another exam', () => {
    expect(() => analyzeExam('exam-2', fixtureResults)).toThrow(RangeError)
  })

  it('has no statistics and no pass rate without results', () => {
    const empty = analyzeExam('exam-1', [], fixtureBank)
    expect(empty.score).toEqual({ mean: null, median: null, sd: null, min: null, max: null })
    expect(empty.pass.rate).toBeNull()
    expect(empty.units.map((u) => [u.id, u.candidates])).toEqual([
      ['q1', 0],
      ['q2', 0],
      ['q3', 0],
      ['q4', 0],
    ])
  })

  it('has no pass rate when the exam sets no pass mark', () => {
    const results = [resultFixture({ candidate: 'a', units: [{ id: 'q', points: 1, max: 1, response: 'A' }] })]
    expect(analyzeExam('exam-1', results).pass).toEqual({ passed: 0, failed: 0, pending: 0, noPassMark: 1, rate: null })
  })
})
