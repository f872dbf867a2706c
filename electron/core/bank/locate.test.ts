import { describe, expect, it } from 'vitest'
import { LineCounter, parseDocument } from 'yaml'
import { createLocator, locateProblems } from './locate'
import type { BankPath } from './locate'

function locator(text: string) {
  const lineCounter = new LineCounter()
  const locate = createLocator(parseDocument(text, { lineCounter }), lineCounter)
  return (path: BankPath, at?: 'key') => {
    const { line, column } = locate(path, at)
    return `${line}:${column}`
  }
}

const yaml = [
  'title: Bank', //                1
  'sections:', //                  2
  '  - id: s1', //                 3
  '    items:', //                 4
  '      - id: q1', //             5
  '        options:', //           6
  '          A: one', //           7
  '          b: two', //           8
  '        key: [A, C]', //        9
  '        stem:', //              10
  '', //                           11
].join('\n')

describe('createLocator', () => {
  const at = locator(yaml)

  it('points at the value a path names', () => {
    expect(at(['title'])).toBe('1:8')
    expect(at(['sections', 0, 'items', 0, 'options', 'A'])).toBe('7:14')
    expect(at(['sections', 0, 'items', 0, 'key', 1])).toBe('9:18')
  })

  it('points at the key itself when asked, e.g. for an unknown key or a bad option letter', () => {
    expect(at(['sections', 0, 'items', 0, 'options', 'b'], 'key')).toBe('8:11')
  })

  it('points at the mapping a missing key belongs in', () => {
    expect(at(['id'])).toBe('1:1')
    expect(at(['sections', 0, 'items', 0, 'type'])).toBe('5:9')
  })

  it('stops at the deepest node that exists when an index runs past the end', () => {
    expect(at(['sections', 0, 'items', 4, 'id'])).toBe('5:7')
  })

  it('points at the key of an empty value, since there is no value to point at', () => {
    expect(at(['sections', 0, 'items', 0, 'stem'])).toBe('10:9')
  })

  it('finds paths in JSON (flow collections, quoted keys)', () => {
    const json = locator('{\n  "title": "T",\n  "sections": [{ "id": "s1", "items": [] }]\n}\n')
    expect(json(['sections', 0, 'id'])).toBe('3:24')
    expect(json(['sections', 0, 'items'], 'key')).toBe('3:30')
  })

  it('follows aliases to the anchored node', () => {
    const aliased = locator('shared: &opts\n  A: one\n  B: two\nitem:\n  options: *opts\n')
    expect(aliased(['item', 'options', 'B'])).toBe('3:6')
  })

  it('turns path-located problems into diagnostics', () => {
    const lineCounter = new LineCounter()
    const locate = createLocator(parseDocument(yaml, { lineCounter }), lineCounter)
    const problem = {
      severity: 'error' as const,
      path: ['sections', 0, 'items', 0, 'key', 1],
      message: 'no option C',
      hint: 'add C',
    }
    expect(locateProblems([problem], locate, 'bank.yaml')).toEqual([
      {
        severity: 'error',
        file: 'bank.yaml',
        line: 9,
        column: 18,
        path: 'sections[0].items[0].key[1]',
        message: 'no option C',
        hint: 'add C',
      },
    ])
  })
})
