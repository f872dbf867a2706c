import { describe, expect, it } from 'vitest'
import { scoreBins } from './scoreBins'

describe('score bands', () => {
  it('puts each score in its tenth of the maximum, a full score in the top band', () => {
    expect(
      scoreBins([
        { total: 0, max: 15 },
        { total: 7.5, max: 15 },
        { total: 15, max: 15 },
        { total: 14.9, max: 15 },
        { total: 3, max: 0 },
      ]),
    ).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 2])
  })
})
