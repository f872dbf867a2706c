import { describe, expect, it } from 'vitest'
import { histogram, mean, median, pearson, standardDeviation } from './descriptiveStats'

describe('mean, median, standard deviation', () => {
  it('are null without values', () => {
    expect([mean([]), median([]), standardDeviation([])]).toEqual([null, null, null])
  })

  it('median takes the middle value, or the mean of the two middle values, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([7, 1, 5, 2])).toBe(3.5)
  })

  it('standard deviation is the sample one (n − 1), null for a single value', () => {
    // Σ(x − 5)² = 32 for these eight values: 32 / 7 under the root.
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12)
    expect(standardDeviation([3])).toBeNull()
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5)
  })
})

describe('pearson', () => {
  it('matches a correlation worked out by hand', () => {
    // x̄ 0.6, ȳ 6.2; Σdxdy 3.4, Σdx² 1.2, Σdy² 18.8 → 3.4 / √22.56
    expect(pearson([1, 1, 0, 1, 0], [9, 7, 6, 6, 3])).toBeCloseTo(3.4 / Math.sqrt(22.56), 12)
  })

  it('is ±1 on a line', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12)
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 12)
  })

  it('is null for fewer than 3 pairs or a side that does not vary', () => {
    expect(pearson([0, 1], [1, 2])).toBeNull()
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull()
    expect(pearson([0, 1, 0], [5, 5, 5])).toBeNull()
    // A float mean of equal values is not always exactly the value; constant must still mean null.
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull()
  })

  it('refuses unpaired values', () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow(RangeError)
  })
})

describe('histogram', () => {
  it('puts a value on a bin edge in the bin it starts, and the top value in the last bin', () => {
    const bins = histogram([0, 7, 9.99, 10], 10, 10)
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 2])
    expect(bins[7]).toEqual({ from: 7, to: 8, count: 1 })
  })

  it('clamps values outside [0, top]', () => {
    expect(histogram([-1, 11], 10, 5).map((b) => b.count)).toEqual([1, 0, 0, 0, 1])
  })

  it('multiplies before dividing, so 0.3 of 3 in 10 bins is bin 1, not bin 0', () => {
    expect(histogram([0.3], 3, 10)[1]?.count).toBe(1)
  })

  it('is one bin when the top is 0 (an exam worth nothing)', () => {
    expect(histogram([0, 0], 0, 10)).toEqual([{ from: 0, to: 0, count: 2 }])
  })

  it('refuses a bin count that is not a whole number above zero', () => {
    expect(() => histogram([1], 10, 0)).toThrow(RangeError)
    expect(() => histogram([1], 10, 2.5)).toThrow(RangeError)
  })
})
