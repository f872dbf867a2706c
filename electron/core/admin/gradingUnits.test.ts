import { describe, expect, it } from 'vitest'
import { runtimeBank, SECRET_REFERENCE } from '../runtime/testing/runtimeFixture'
import { assertScoreInRange, manualUnit, manualUnitsOf } from './gradingUnits'

describe('manual grading units', () => {
  it('are the short answers, whole items and scenario parts, with what the grader needs', () => {
    expect(manualUnitsOf(runtimeBank)).toEqual([
      {
        unitId: 'q4',
        itemId: 'q4',
        sectionTitle: '問答題',
        itemNumber: 1,
        stem: '請說明。',
        maxPoints: 4,
        referenceAnswer: SECRET_REFERENCE,
      },
      {
        unitId: 'case.2',
        itemId: 'case',
        partId: 'case.2',
        sectionTitle: '問答題',
        itemNumber: 2,
        context: '情景',
        stem: '為什麼?',
        maxPoints: 3,
      },
    ])
  })

  it('refuse an objective question and a score outside 0..max', () => {
    expect(() => manualUnit(runtimeBank, 'q1')).toThrow(expect.objectContaining({ code: 'NOT_GRADABLE' }))
    const unit = manualUnit(runtimeBank, 'q4')
    expect(() => assertScoreInRange(4, unit)).not.toThrow()
    expect(() => assertScoreInRange(0, unit)).not.toThrow()
    expect(() => assertScoreInRange(4.01, unit)).toThrow(
      expect.objectContaining({ code: 'SCORE_OUT_OF_RANGE', details: { max: 4 } }),
    )
    expect(() => assertScoreInRange(Number.NaN, unit)).toThrow(expect.objectContaining({ code: 'SCORE_OUT_OF_RANGE' }))
  })
})
