import { describe, expect, it } from 'vitest'
import type { UnitScore } from '../../grading/gradingTypes'
import { analyzeExam } from './examAnalysis'
import { resultFixture } from './testing/resultFixtures'
import { analyzeUnit } from './unitAnalysis'
import type { UnitObservation } from './choiceFrequencies'

/** q1 scores x and a second unit "rest" scores y, so the total minus q1 is exactly y. */
function itemAndRest(xs: number[], ys: number[]) {
  return xs.map((x, i) =>
    resultFixture({
      candidate: `c${String(i + 1)}`,
      units: [
        { id: 'q1', points: x, max: 1, response: x === 1 ? 'B' : 'A' },
        { id: 'rest', points: ys[i] ?? 0, max: 10, method: 'manual', response: 'text' },
      ],
    }),
  )
}

const observation = (
  score: Partial<UnitScore>,
  total: number,
  response?: UnitObservation['response'],
): UnitObservation => ({
  score: { id: 'q', points: 0, max: 1, method: 'auto', status: 'scored', ...score },
  response,
  total,
  flagged: false,
})

describe('corrected point-biserial discrimination', () => {
  const xs = [1, 1, 0, 1, 0]
  const ys = [9, 7, 6, 6, 3]
  const q1 = () => analyzeExam('exam-1', itemAndRest(xs, ys)).units.find((u) => u.id === 'q1')

  it('correlates the item with the total minus the item, as worked out by hand', () => {
    // Rest scores 9 7 6 6 3. Σdxdy = 3.4, Σdx² = 1.2, Σdy² = 18.8, so r = 3.4 / √22.56 ≈ 0.7158.
    expect(q1()?.discrimination).toBeCloseTo(0.715829, 6)
    // The textbook form: (M₁ − M₀) / sₙ · √(pq), with M₁ = 22/3, M₀ = 4.5, sₙ = √3.76, p = 0.6.
    expect(q1()?.discrimination).toBeCloseTo(((22 / 3 - 4.5) / Math.sqrt(3.76)) * Math.sqrt(0.24), 12)
  })

  it('is not the uncorrected item-total correlation, which counts the item on both sides', () => {
    // Against totals 10 8 6 7 3: 4.6 / √32.16 ≈ 0.8111.
    expect(q1()?.discrimination).not.toBeCloseTo(4.6 / Math.sqrt(32.16), 2)
  })

  it('is null when the item does not vary, when the rest does not, or for fewer than 3 candidates', () => {
    const everyoneRight = analyzeExam('exam-1', itemAndRest([1, 1, 1], [2, 5, 7])).units[0]
    expect(everyoneRight?.discrimination).toBeNull()
    expect(everyoneRight?.review).toContain('too_easy')
    expect(analyzeExam('exam-1', itemAndRest([1, 0, 1], [4, 4, 4])).units[0]?.discrimination).toBeNull()
    expect(analyzeExam('exam-1', itemAndRest([1, 0], [4, 2])).units[0]?.discrimination).toBeNull()
  })

  it('leaves out units still waiting for a grader', () => {
    const unit = analyzeUnit('q', [
      observation({ points: 1 }, 5),
      observation({ points: 0 }, 1),
      observation({ points: 1 }, 4),
      observation({ points: 0, status: 'pending_manual', method: 'manual' }, 9),
    ])
    expect(unit.pending).toBe(1)
    expect(unit.candidates).toBe(4)
    expect(unit.difficulty).toBeCloseTo(2 / 3, 12)
    // x 1 0 1 against rest 4 1 3: Σdxdy = 15/9, Σdx² = 6/9, Σdy² = 42/9, so r = 15 / √252; the pending 9 is not in it.
    expect(unit.discrimination).toBeCloseTo(15 / Math.sqrt(252), 12)
  })
})

describe('review flags', () => {
  it('flags a hard item, a negative discrimination and a distractor chosen more than the key', () => {
    const unit = analyzeUnit('q', [
      observation({ points: 1 }, 1, 'B'),
      observation({ points: 0 }, 9, 'A'),
      observation({ points: 0 }, 8, 'A'),
      observation({ points: 0 }, 7, 'A'),
      observation({ points: 0 }, 6, 'C'),
      observation({ points: 0 }, 6, 'A'),
    ])
    expect(unit.difficulty).toBeCloseTo(1 / 6, 12)
    expect(unit.review).toEqual(['too_hard', 'negative_discrimination', 'distractor_beats_key'])
  })

  it('flags a low but positive discrimination as low', () => {
    // x 1 0 1 0 1 0 1, rest 3 3 2 2 3 2 2: M₁ = 2.5, M₀ = 7/3, sₙ = √(12/49), pq = 12/49, so r = (1/6)/sₙ·sₙ = 1/6.
    const rest = [3, 3, 2, 2, 3, 2, 2]
    const low = analyzeUnit(
      'q',
      [1, 0, 1, 0, 1, 0, 1].map((x, i) => observation({ points: x }, x + (rest[i] ?? 0))),
    )
    expect(low.discrimination).toBeCloseTo(1 / 6, 12)
    expect(low.review).toEqual(['low_discrimination'])
  })

  it('has no difficulty for a unit worth nothing or nobody graded', () => {
    expect(analyzeUnit('q', [observation({ points: 0, max: 0 }, 0)]).difficulty).toBeNull()
    expect(analyzeUnit('q', []).difficulty).toBeNull()
    expect(analyzeUnit('q', []).omitRate).toBe(0)
  })
})
