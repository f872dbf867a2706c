import { describe, expect, it } from 'vitest'
import { gradeResponses } from '../grading/grade'
import { runtimeBank } from '../runtime/testing/runtimeFixture'
import { deliveredBank } from './deliveredBank'
import { resolveDeliverySettings } from './packageSettings'
import type { PackageSettings } from './packageSettings'

const settings = (overrides: PackageSettings) => resolveDeliverySettings(runtimeBank, overrides).settings

describe('the bank as delivered', () => {
  it('is the bank itself when the package overrides nothing', () => {
    expect(deliveredBank(runtimeBank, settings({}))).toEqual(runtimeBank)
  })

  it('takes duration, pass mark, shuffle and the multiple-choice rule from the package, down to every item', () => {
    const bank = deliveredBank(
      runtimeBank,
      settings({ duration_minutes: 45, pass_mark: 9, shuffle: { items: false }, multiple_scoring: 'partial' }),
    )
    expect(bank).toMatchObject({ duration_minutes: 45, pass_mark: 9, multiple_scoring: 'partial' })
    expect(bank.sections.map((s) => s.shuffle)).toEqual([
      { items: false, options: true },
      { items: false, options: false },
    ])
    // q2's key is [A, C]: one right letter earns half of 3 points only under the partial rule.
    expect(gradeResponses(bank, { q2: ['A'] }).total).toBe(1.5)
    expect(gradeResponses(runtimeBank, { q2: ['A'] }).total).toBe(0)
    expect(runtimeBank.duration_minutes).toBe(30)
  })
})
