import { describe, expect, it } from 'vitest'
import { seededUint32, uniformBelow } from '../delivery/seededShuffle'
import { canonicalJson, parseCanonicalJson } from './canonicalJson'
import { scannedCanonicalUtf8 } from './canonicalJsonScan'

// The byte scan may only say "canonical" of text canonicalJson would write; these hold it to that on random values
// and on random edits of their canonical text, and show that it does answer for plain canonical text.

const next = seededUint32('canonical-json-scan', 'values')
const pick = <T>(values: readonly T[]): T => values[uniformBelow(next, values.length)] as T

const STRINGS = ['', 'a', 'é', '先傾聽', '😀', 'a"b', 'a\\b', '\n', '\u001f', '\u007f', '\u2028', 'x/y', '10', '9']
const NUMBERS = [0, 1, -1, 7, 10, 123456789012345, 1234567890123456, 2 ** 53, 1.5, -0.25, 1e21, 1e-7, 5e-324]
const KEYS = ['a', 'b', 'ab', 'B', '10', '9', '', 'é', 'a b', 'seq', '__proto__', 'z\u0000']

function randomValue(depth: number): unknown {
  switch (uniformBelow(next, depth > 2 ? 4 : 6)) {
    case 0:
      return pick(STRINGS)
    case 1:
      return pick(NUMBERS)
    case 2:
      return pick([true, false, null])
    case 3:
      return pick(STRINGS) + pick(STRINGS)
    case 4:
      return Array.from({ length: uniformBelow(next, 4) }, () => randomValue(depth + 1))
    default: {
      const record: Record<string, unknown> = {}
      for (let i = uniformBelow(next, 5); i > 0; i--)
        Object.defineProperty(record, pick(KEYS), { value: randomValue(depth + 1), enumerable: true, writable: true })
      return record
    }
  }
}

/** Edits that keep the text JSON, or nearly: whitespace, escapes, number spellings, key order and repeats. */
const EDITS: ((text: string) => string)[] = [
  (text) => text.replace(':', ': '),
  (text) => text.replace(',', ' ,'),
  (text) => `\n${text}`,
  (text) => text.replace('a', '\\u0061'),
  (text) => text.replace('é', '\\u00e9'),
  (text) => text.replace('\\u001f', '\\u001F'),
  (text) => text.replace('\\n', '\\u000a'),
  (text) => text.replace('/', '\\/'),
  (text) => text.replace('😀', '\\ud83d\\ude00'),
  (text) => text.replace('1', '1.0'),
  (text) => text.replace('7', '7e0'),
  (text) => text.replace('0', '-0'),
  (text) => text.replace('1e+21', '1E+21'),
  (text) => text.replace(/"(\w+)":(\w+),"(\w+)":(\w+)/, '"$3":$4,"$1":$2'),
  (text) => text.replace(/\{"(\w*)":(\w+)/, '{"$1":$2,"$1":$2'),
  (text) => text.replace('{', '{"b":1,'),
  (text) => text.replace('{', '{"":1,'),
]

/** The reference: JSON.parse, then canonicalJson, compared with the text. */
function reference(text: string): boolean | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  try {
    return canonicalJson(value) === text
  } catch {
    return false
  }
}

describe('scannedCanonicalUtf8, the verifier canonical check on bytes', () => {
  it('says canonical only of canonicalJson text, on 20,000 random values and edits of their text', () => {
    const counts = { scanned: 0, canonical: 0, refused: 0 }
    for (let i = 0; i < 20_000; i++) {
      let text = canonicalJson(randomValue(0))
      for (let e = uniformBelow(next, 3); e > 0; e--) text = pick(EDITS)(text)
      const expected = reference(text)
      if (expected === undefined) continue
      const bytes = Buffer.from(text, 'utf8')
      const scanned = scannedCanonicalUtf8(bytes, 0, bytes.length)
      if (scanned) expect(expected, text).toBe(true)
      expect(parseCanonicalJson(text, bytes)?.canonical, text).toBe(expected)
      counts[scanned ? 'scanned' : expected ? 'canonical' : 'refused'] += 1
    }
    // Both verdicts occur, and the scan answers for most canonical text (the rest goes to canonicalJson).
    expect(counts.refused).toBeGreaterThan(2000)
    expect(counts.scanned).toBeGreaterThan(3 * counts.canonical)
  })

  it('reads only its range of a larger buffer', () => {
    const bytes = Buffer.from('{"b":1,"a":2}\n{"a":1,"b":[1,2]}', 'utf8')
    expect(scannedCanonicalUtf8(bytes, 14, bytes.length)).toBe(true)
    expect(scannedCanonicalUtf8(bytes, 0, 13)).toBe(false)
  })

  // Integers past 15 digits that String() writes otherwise (rounded, or with an exponent).
  it.each([
    ...['{"a":1 }', '{"a":1,"a":1}', '{"b":1,"a":1}', '[1.0]', '[-0]', '["\\u0041"]', '["\\/"]', '{"é":1}'],
    ...['[12345678901234567]', '{"a":100000000000000000000000}', '[1,10000000000000000000001]'],
  ])('is not sure of %s', (text) => {
    const bytes = Buffer.from(text, 'utf8')
    expect(scannedCanonicalUtf8(bytes, 0, bytes.length)).toBe(false)
  })
})
