import { seededUint32, uniformBelow } from '../../delivery/seededShuffle'
import { canonicalJson } from '../canonicalJson'

/**
 * Random JSON values and edits of their canonical text, for the verifier's fast canonical checks (the scan and the
 * read): strings beyond ASCII and with escapes, numbers String() writes in every way, keys JSON.parse treats
 * specially, and edits that keep the text JSON, or nearly.
 */
export function jsonSamples(seed: string): { text: () => string } {
  const next = seededUint32(seed, 'values')
  const pick = <T>(values: readonly T[]): T => values[uniformBelow(next, values.length)] as T

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

  return {
    text: () => {
      let text = canonicalJson(randomValue(0))
      for (let e = uniformBelow(next, 3); e > 0; e--) text = pick(EDITS)(text)
      return text
    },
  }
}

const STRINGS = ['', 'a', 'é', '先傾聽', '😀', 'a"b', 'a\\b', '\n', '\u001f', '\u007f', '\u2028', 'x/y', '10', '9']
const NUMBERS = [0, 1, -1, 7, 10, 123456789012345, 1234567890123456, 2 ** 53, 1.5, -0.25, 1e21, 1e-7, 5e-324]
const KEYS = ['a', 'b', 'ab', 'B', '10', '9', '', 'é', 'a b', 'seq', '__proto__', 'z\u0000', '先', '😀']

/** Edits that keep the text JSON, or nearly: whitespace, escapes, number spellings, key order and repeats. */
const EDITS: ((text: string) => string)[] = [
  (text) => text.replace(':', ': '),
  (text) => text.replace(',', ' ,'),
  (text) => `\n${text}`,
  (text) => `${text} `,
  (text) => text.replace('a', '\\u0061'),
  (text) => text.replace('é', '\\u00e9'),
  (text) => text.replace('\\u001f', '\\u001F'),
  (text) => text.replace('\\n', '\\u000a'),
  (text) => text.replace('/', '\\/'),
  (text) => text.replace('😀', '\\ud83d\\ude00'),
  (text) => text.replace('1', '1.0'),
  (text) => text.replace('7', '7e0'),
  (text) => text.replace('0', '-0'),
  (text) => text.replace('1', '01'),
  (text) => text.replace('1e+21', '1E+21'),
  (text) => text.replace(/"(\w+)":(\w+),"(\w+)":(\w+)/, '"$3":$4,"$1":$2'),
  (text) => text.replace(/\{"(\w*)":(\w+)/, '{"$1":$2,"$1":$2'),
  (text) => text.replace(/"([^"]*)":("[^"]*"),"([^"]*)":/, '"$3":$2,"$1":'),
  (text) => text.replace('{', '{"b":1,'),
  (text) => text.replace('{', '{"":1,'),
  (text) => text.replace('"先"', '"先先"'),
]

/** The reference: JSON.parse, then canonicalJson, compared with the text; undefined when the text is not JSON. */
export function canonicalReference(text: string): { value: unknown; canonical: boolean } | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  try {
    return { value, canonical: canonicalJson(value) === text }
  } catch {
    return { value, canonical: false }
  }
}
