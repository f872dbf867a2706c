import { describe, expect, it } from 'vitest'
import { sampleExam } from '../testing/sampleExam'
import { indexExam, itemIdAt, neighbourOf } from './examIndex'
import { isAnswered, positionLabel, toggleLetter } from './responses'

describe('indexExam', () => {
  const index = indexExam(sampleExam())

  it('orders items across sections and lists each item’s answerable units', () => {
    expect(index.items.map((entry) => entry.item.id)).toEqual([
      'single-1',
      'multiple-1',
      'tf-1',
      'short-1',
      'scenario-1',
    ])
    expect(index.itemById.get('scenario-1')?.unitIds).toEqual(['scenario-1-a', 'scenario-1-b'])
    expect(index.unitById.get('scenario-1-b')).toMatchObject({ type: 'short_answer', itemId: 'scenario-1' })
    expect(index.unitCount).toBe(6)
  })

  it('resolves a stored position that names an item, a part, nothing, or something unknown', () => {
    expect(itemIdAt(index, 'tf-1')).toBe('tf-1')
    expect(itemIdAt(index, 'scenario-1-a')).toBe('scenario-1')
    expect(itemIdAt(index, null)).toBe('single-1')
    expect(itemIdAt(index, 'gone')).toBe('single-1')
  })

  it('steps across section boundaries and stops at both ends', () => {
    expect(neighbourOf(index, 'tf-1', 1)).toBe('short-1')
    expect(neighbourOf(index, 'short-1', -1)).toBe('tf-1')
    expect(neighbourOf(index, 'single-1', -1)).toBeNull()
    expect(neighbourOf(index, 'scenario-1', 1)).toBeNull()
  })
})

describe('responses', () => {
  it('counts only real answers as answered', () => {
    expect([undefined, null, '', '  \n', []].map(isAnswered)).toEqual([false, false, false, false, false])
    expect([false, true, 'x', ['A'], 'B'].map(isAnswered)).toEqual([true, true, true, true, true])
  })

  it('labels positions A, B, C… and keeps multiple answers in letter order', () => {
    expect([0, 1, 25].map(positionLabel)).toEqual(['A', 'B', 'Z'])
    expect(toggleLetter(['D'], 'B')).toEqual(['B', 'D'])
    expect(toggleLetter(['B', 'D'], 'D')).toEqual(['B'])
    expect(toggleLetter(null, 'C')).toEqual(['C'])
  })
})
