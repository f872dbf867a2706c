import { describe, expect, it } from 'vitest'
import { parseCanonicalJson } from './canonicalJson'
import { scannedCanonicalUtf8 } from './canonicalJsonScan'
import { canonicalReference, jsonSamples } from './testing/jsonSamples'

// The byte scan may only say "canonical" of text canonicalJson would write; these hold it to that on random values
// and on random edits of their canonical text, and show that it does answer for plain canonical text.

const samples = jsonSamples('canonical-json-scan')

describe('scannedCanonicalUtf8, the verifier canonical check on bytes', () => {
  it('says canonical only of canonicalJson text, on 20,000 random values and edits of their text', () => {
    const counts = { scanned: 0, canonical: 0, refused: 0 }
    for (let i = 0; i < 20_000; i++) {
      const text = samples.text()
      const expected = canonicalReference(text)?.canonical
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
