import { describe, expect, it } from 'vitest'
import { allowedKeysAt, closestName } from './schemaKeys'

describe('closestName', () => {
  it('suggests the key a typo most likely meant', () => {
    expect(closestName('tilte', ['id', 'title', 'language'])).toBe('title')
    expect(closestName('expalnation', ['explanation', 'notes'])).toBe('explanation')
    expect(closestName('Stem', ['stem', 'points'])).toBe('stem')
    expect(closestName('duration', ['duration_minutes', 'id'])).toBe('duration_minutes')
  })

  it('suggests nothing when no candidate is close', () => {
    expect(closestName('answer', ['key', 'options', 'reference_answer'])).toBeUndefined()
    expect(closestName('xy', ['id'])).toBeUndefined()
  })
})

describe('allowedKeysAt', () => {
  const data = {
    sections: [
      { items: [{ type: 'single' }, { type: 'scenario', parts: [{ type: 'true_false' }] }, { type: 'nope' }] },
    ],
  }

  it('lists the keys of the bank and of a section', () => {
    expect(allowedKeysAt(data, [])).toContain('duration_minutes')
    expect(allowedKeysAt(data, ['sections', 0])).toEqual(['id', 'title', 'declared', 'shuffle', 'items'])
  })

  it('lists the keys of the item type the data names', () => {
    const single = allowedKeysAt(data, ['sections', 0, 'items', 0])
    expect(single).toContain('options')
    expect(single).not.toContain('parts')
    expect(allowedKeysAt(data, ['sections', 0, 'items', 1])).toContain('parts')
    expect(allowedKeysAt(data, ['sections', 0, 'items', 1, 'parts', 0])).not.toContain('number')
  })

  it('lists the keys of every item type when the type is unknown', () => {
    const keys = allowedKeysAt(data, ['sections', 0, 'items', 2])
    expect(keys).toEqual(expect.arrayContaining(['options', 'parts', 'reference_answer', 'scoring']))
  })
})
