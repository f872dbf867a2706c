import { describe, expect, it } from 'vitest'
import { canonicalJson, parseCanonicalJson } from './canonicalJson'
import { NOT_SURE, readCanonicalJson } from './canonicalJsonRead'
import { canonicalReference, jsonSamples } from './testing/jsonSamples'

// readCanonicalJson is sure only of "yes": whatever it reads must be canonicalJson's exact text and the very value
// JSON.parse gives, its keys in the same order. These hold it to that on random values and on edits of their text
// (whitespace, escapes, number spellings, key order, repeated keys), and show that it does read plain canonical text.

const samples = jsonSamples('canonical-json-read')

/** The read over the text's UTF-8, placed inside a larger buffer whose other bytes are not ASCII. */
function read(text: string): unknown {
  const before = Buffer.from('先😀\n', 'utf8')
  const utf8 = Buffer.from(text, 'utf8')
  const bytes = Buffer.concat([before, utf8, Buffer.from('\n}"先', 'utf8')])
  return readCanonicalJson(text, bytes, before.length, before.length + utf8.length)
}

/** The same value with the same key order at every depth (toStrictEqual does not compare key order). */
function expectSameValue(actual: unknown, expected: unknown, text: string): void {
  expect(actual, text).toStrictEqual(expected)
  expect(JSON.stringify(actual), text).toBe(JSON.stringify(expected))
}

describe('readCanonicalJson, the verifier read of canonical JSON bytes', () => {
  it('reads only canonicalJson text, as JSON.parse reads it, on 20,000 random values and edits of their text', () => {
    const counts = { read: 0, canonical: 0, refused: 0, notJson: 0 }
    for (let i = 0; i < 20_000; i++) {
      const text = samples.text()
      const reference = canonicalReference(text)
      const value = read(text)
      if (value !== NOT_SURE) {
        expect(reference?.canonical, text).toBe(true)
        expectSameValue(value, reference?.value, text)
      }
      // Whatever the read says, the verifier's answer is the reference's.
      const parsed = parseCanonicalJson(text, Buffer.from(text, 'utf8'))
      expect(parsed && { canonical: parsed.canonical }, text).toEqual(reference && { canonical: reference.canonical })
      if (parsed) expectSameValue(parsed.value, reference?.value, text)
      // Canonical text without an escape or a key JSON.parse treats specially is always read.
      if (reference?.canonical && !text.includes('\\') && !/"(\d[^"]*|__proto__)":/.test(text))
        expect(value, text).not.toBe(NOT_SURE)
      if (!reference) counts.notJson += 1
      else counts[value !== NOT_SURE ? 'read' : reference.canonical ? 'canonical' : 'refused'] += 1
    }
    // Every verdict occurs (canonical text the read leaves to the slow way has an escape or a special key).
    expect(counts.refused).toBeGreaterThan(2000)
    expect(counts.notJson).toBeGreaterThan(200)
    expect(counts.canonical).toBeGreaterThan(1000)
    expect(counts.read).toBeGreaterThan(2 * counts.canonical)
  })

  it('reads a manifest-like text in Chinese, with emoji, at an offset in a larger buffer', () => {
    const manifest = {
      candidate: { id: 'C-0042', name: '陳大文' },
      responses: [
        { item: 'essay-1', revision: 3, value: '先傾聽，再說明。😀 然後 ok' },
        { item: 'multiple-1', revision: 1, value: ['A', 'B'] },
      ],
      scores: { earned: 12.5, max: 20, ratio: -0.25 },
      submitted: true,
      waiver: null,
    }
    const text = canonicalJson(manifest)
    expectSameValue(read(text), JSON.parse(text), text)
  })

  // Each is canonicalJson's text, yet JSON.parse or an assignment treats it specially, or it is outside what the read
  // covers: the slow way answers.
  it.each(['{"10":1,"9":2}', '{"__proto__":1}', '["a\\"b"]', '["\\u001f"]', '[12345678901234567]'])(
    'is not sure of %s, which the slow way reads',
    (text) => {
      expect(read(text)).toBe(NOT_SURE)
      expect(parseCanonicalJson(text, Buffer.from(text, 'utf8'))).toEqual(canonicalReference(text))
    },
  )

  it('reads a number String() writes with an exponent, as the slow way does', () => {
    const text = '[1e+21]'
    expect(parseCanonicalJson(text, Buffer.from(text, 'utf8'))).toEqual(canonicalReference(text))
  })

  it.each([
    ...['{"a":1 }', ' {"a":1}', '{"a":1,"a":1}', '{"b":1,"a":1}', '[1.0]', '[-0]', '[01]', '["\\u0041"]', '["\\/"]'],
    ...['[1E+21]', '{"a":1}x', '{"a":1', '[1,]', '{"a":1,}', '{"a"1}', '[tru]', '[nul]', '"a'],
    // A raw control character in a string or a key: not JSON at all.
    ...['["a\u0001b"]', '["\t"]', '{"a\nb":1}'],
  ])('refuses %j, which is not canonical JSON', (text) => {
    expect(read(text)).toBe(NOT_SURE)
  })

  it('takes a key from its cache only when the bytes match: "ab" and "bC" share a slot (97 × 31 + 98 = 98 × 31 + 67)', () => {
    expect(read('{"ab":1}')).toStrictEqual({ ab: 1 })
    expect(read('{"bC":2}')).toStrictEqual({ bC: 2 })
    expect(read('{"ab":3}')).toStrictEqual({ ab: 3 })
  })

  it('is not sure when the text is not the bytes it is read with', () => {
    const bytes = Buffer.from('{"a":"b"}', 'utf8')
    expect(readCanonicalJson('{"a":"bc"}', bytes, 0, bytes.length)).toBe(NOT_SURE)
    expect(readCanonicalJson('{"a":"b"}', bytes, 0, bytes.length)).toStrictEqual({ a: 'b' })
  })

  it('is not sure of nesting past 64 levels', () => {
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`
    expect(read(deep)).toBe(NOT_SURE)
    const ok = `${'['.repeat(64)}${']'.repeat(64)}`
    expectSameValue(read(ok), JSON.parse(ok), ok)
  })
})
