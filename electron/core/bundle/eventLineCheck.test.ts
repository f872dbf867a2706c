import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../base/canonicalJson'
import { checkEventLines, eventLine, isSessionEvent, parseEventLines, type EventLineProblem } from '../base/eventChain'
import { seededUint32, uniformBelow } from '../delivery/seededShuffle'
import { decodePayload } from './bundleContent'
import { bundleEventSchema } from './bundleFormat'
import { sampleEvents } from './testing/sampleBundle'

// The verifier checks event lines by hand (checkEventLines, isSessionEvent) instead of with zod and a JavaScript
// re-serialisation: these properties hold it to the zod schema and canonicalJson, which stay the reference.

const next = seededUint32('event-line-check', 'mutations')
const pick = <T>(values: readonly T[]): T => values[uniformBelow(next, values.length)] as T

const VALUES: unknown[] = [
  ...[0, -1, 1, 2, 1.5, -0, 2 ** 53, 2 ** 53 - 1, 1e300, Number.NaN, Number.POSITIVE_INFINITY],
  ...['', 'x', 'started', 'answer_saved', 'Started', 'exported ', '1', '2026-11-23T09:00:00.000Z'],
  ...[null, true, false, [], [1], {}, { item: 'q1' }, Object.create(null) as object, new Date(0)],
]
const KEYS = ['seq', 'type', 'at', 'data', 'extra', 'Seq', '__proto__']

/** A sample event with one or two random changes: a key dropped, added or given another value, or a non-object. */
function mutated(): unknown {
  const event: Record<string, unknown> = { ...pick(sampleEvents()) }
  const changes = 1 + uniformBelow(next, 2)
  for (let i = 0; i < changes; i++) {
    const key = pick(KEYS)
    switch (uniformBelow(next, 5)) {
      case 0:
        Reflect.deleteProperty(event, key)
        break
      case 1:
        // An own "__proto__" key, as JSON.parse makes one.
        Object.defineProperty(event, key, { value: pick(VALUES), enumerable: true, configurable: true, writable: true })
        break
      case 2:
        return pick(VALUES)
      default:
        event[pick(['seq', 'type', 'at', 'data'])] = pick(VALUES)
    }
  }
  return event
}

describe('isSessionEvent, the hand-written twin of bundleEventSchema', () => {
  it('gives the zod verdict on 5,000 mutated events', () => {
    const verdicts = { accepted: 0, refused: 0 }
    for (let i = 0; i < 5000; i++) {
      const value = mutated()
      const reference = bundleEventSchema.safeParse(value).success
      expect(isSessionEvent(value), JSON.stringify(value) ?? String(value)).toBe(reference)
      verdicts[reference ? 'accepted' : 'refused'] += 1
    }
    // Both sides are exercised, not just one.
    expect(verdicts.accepted).toBeGreaterThan(300)
    expect(verdicts.refused).toBeGreaterThan(3000)
  })

  it('gives the zod verdict on every sample event, and on a parsed own __proto__ key', () => {
    for (const event of sampleEvents()) expect(isSessionEvent(event)).toBe(true)
    const proto: unknown = JSON.parse('{"at":"t","data":{},"seq":1,"type":"started","__proto__":1}')
    expect(isSessionEvent(proto)).toBe(bundleEventSchema.safeParse(proto).success)
    expect(isSessionEvent(proto)).toBe(false)
  })
})

/** What the verifier did before checkEventLines: parse, canonicalJson, zod, line by line. */
function referenceProblem(lines: readonly string[]): { index: number; problem: EventLineProblem } | undefined {
  for (const [index, line] of lines.entries()) {
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      return { index, problem: 'not_json' }
    }
    if (value === null) return { index, problem: 'not_json' }
    let canonical = false
    try {
      canonical = canonicalJson(value) === line
    } catch {
      // Not serialisable (a number out of range): not canonical.
    }
    if (!canonical) return { index, problem: 'not_canonical' }
    if (!bundleEventSchema.safeParse(value).success) return { index, problem: 'not_session_event' }
  }
  return undefined
}

/** Text edits that keep a line JSON, or nearly: whitespace, key order, escapes, number spellings, odd keys. */
const LINE_EDITS: ((line: string) => string)[] = [
  (line) => line.replace(':', ': '),
  (line) => line.replace('{', '{ '),
  (line) => `${line} `,
  (line) => line.replace('"seq"', '"s\\u0065q"'),
  (line) => line.replace(/"seq":(\d+)/, '"seq":$1.0'),
  (line) => line.replace(/"seq":(\d+)/, '"seq":$1e0'),
  (line) => line.replace(/"seq":(\d+)/, '"seq":1e999'),
  (line) => line.replace(/"at":"[^"]*",/, '').replace('}', ',"at":"t"}'),
  (line) => line.replace('"data":{', '"data":{"10":1,"9":2,'),
  (line) => line.replace('"data":{', '"data":{"9":2,"10":1,'),
  (line) => line.replace('"data":{', '"data":{"b":1,"a":2,'),
  (line) => line.replace('"data":{', '"data":{"a":1,"a":1,'),
  (line) => line.replace('"data":{', '"data":{"a":"\\/","b":"/",'),
  (line) => line.replace('"data":{', '"data":{"a":"\\u001F",'),
  (line) => line.replace('"data":{', '"data":{"a":"\\u001f",'),
  (line) => line.replace('"data":{', '"data":{"a":"é","b":"\\u00e9",'),
  (line) => line.replace('"data":{', '"data":{"a":[1,{"d":1,"c":2}],'),
  (line) => line.replace('"data":{', '"data":{"a":[1,{"c":2,"d":1}],'),
  (line) => line.replace(/"type":"[a-z_]+"/, '"type":"nonsense"'),
  (line) => line.replace('"data":{}', '"data":[]'),
  (line) => line.slice(0, -1),
  () => 'null',
  () => '[]',
  () => '7',
]

describe('checkEventLines, the verifier one parse per line', () => {
  it('finds the line and the problem the parse + canonicalJson + zod pipeline found, on 3,000 edited logs', () => {
    const lines = sampleEvents().map(eventLine)
    const seen = new Set<string>()
    for (let i = 0; i < 3000; i++) {
      const edited = [...lines]
      const edits = 1 + uniformBelow(next, 2)
      for (let e = 0; e < edits; e++) {
        const at = uniformBelow(next, edited.length)
        edited[at] = pick(LINE_EDITS)(edited[at] ?? '')
      }
      const reference = referenceProblem(edited)
      expect(checkEventLines(edited).firstProblem, edited.join('\n')).toEqual(reference)
      // As the verifier reads them: decoded from a payload's bytes, which the canonical check scans.
      const payload = decodePayload(Buffer.from(['{}', ...edited].join('\n'), 'utf8'))
      expect(payload?.eventLines).toEqual(edited)
      const checked = checkEventLines(edited, payload?.eventBytes)
      expect(checked.firstProblem, edited.join('\n')).toEqual(reference)
      // The events as JSON.parse gives them, whichever way each line was read (readCanonicalEventLine or the parse).
      expect(checked.events).toStrictEqual(parseEventLines(edited))
      seen.add(reference?.problem ?? 'ok')
    }
    expect([...seen].sort()).toEqual(['not_canonical', 'not_json', 'not_session_event', 'ok'])
  })

  it('accepts canonical integer-like keys, which JSON.parse reorders, as canonicalJson does', () => {
    const line = eventLine({ seq: 1, type: 'started', at: 't', data: { '10': 1, '9': 2 } })
    expect(line).toContain('{"10":1,"9":2}')
    expect(checkEventLines([line])).toEqual({ events: [JSON.parse(line)] })
  })
})

describe('decodePayload, the verifier reading of a payload', () => {
  it('decodes a manifest line through ICU to the very string Node decodes, on 2,000 random texts', () => {
    const pieces = ['{', '"', 'a', '先傾聽', '😀', '\ufeff', '\ufffd', 'é', '\u0000', '\u2028', '\uffff', '𠀀']
    for (let i = 0; i < 2000; i++) {
      const manifest = `{${Array.from({ length: uniformBelow(next, 40) }, () => pick(pieces)).join('')}`
      const bytes = Buffer.from(`${manifest}\n{"seq":1}`, 'utf8')
      expect(decodePayload(bytes)?.manifestLine).toBe(bytes.toString('utf8', 0, bytes.indexOf(0x0a)))
    }
  })

  it('refuses bytes that are not UTF-8, and places non-ASCII event lines in their bytes', () => {
    expect(decodePayload(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).toBeUndefined()
    const payload = decodePayload(Buffer.from('{"m":"先"}\n{"a":"é"}\n{"b":1}', 'utf8'))
    expect(payload?.eventBytes.starts).toEqual([12, 23, 31])
  })
})
