import { describe, expect, it } from 'vitest'
import { canonicalJson, isCanonicalJsonOf } from './canonicalJson'

/** The reference: JSON.parse, then canonicalJson, compared with the text (false where it cannot serialise). */
function reference(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text)) === text
  } catch {
    return false
  }
}

describe('isCanonicalJsonOf, the verifier check', () => {
  it.each([
    '{"a":1,"b":[{"c":2,"d":"é"}]}',
    '{"b":1,"a":2}',
    '{"a":[{"d":1,"c":2}]}',
    '{"a":1,"a":1}',
    '{"a": 1}',
    '{"10":1,"9":2}',
    '{"9":2,"10":1}',
    '{"a":"\\u00e9"}',
    '{"a":"\\u001f"}',
    '{"a":"\\u001F"}',
    '{"a":"\\/"}',
    '{"a":1e999}',
    '{"a":1.0}',
    '{"a":-0}',
    '{"a":1e21}',
    '{"a":1e+21}',
    '{"__proto__":{"b":1,"a":2}}',
    '{"__proto__":{"a":1,"b":2}}',
    '[3,2,1]',
    '"text"',
    'null',
  ])('answers as canonicalJson does for %s', (text) => {
    expect(isCanonicalJsonOf(JSON.parse(text), text)).toBe(reference(text))
  })
})
