import { describe, expect, it } from 'vitest'
import { bundleEventSchema } from '../bundle/bundleFormat'
import { seededUint32, uniformBelow } from '../delivery/seededShuffle'
import { canonicalJson } from './canonicalJson'
import { EVENT_TYPES, eventLine, isSessionEvent, type SessionEvent } from './eventChain'
import { readCanonicalEventLine, type ReadEvent } from './eventLineRead'

// readCanonicalEventLine is sure only of "yes": whatever it reads must be JSON, canonicalJson's exact text, a session
// event by the zod reference, and the very value JSON.parse gives. These properties hold it to that on lines a
// station writes and on thousands of byte edits of them, and show it does read the common lines (not only refuse).

const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES)
const next = seededUint32('event-line-read', 'edits')
const pick = <T>(values: readonly T[]): T => values[uniformBelow(next, values.length)] as T

/** The read of a line, as the verifier does it: over the line's UTF-8 bytes. */
function read(line: string): ReadEvent | undefined {
  const bytes = Buffer.from(`x\n${line}\ny`, 'utf8')
  return readCanonicalEventLine(line, bytes, 2, bytes.length - 2, TYPES)
}

/** The reference: JSON.parse, canonicalJson and the zod schema; the value when all three accept the line. */
function reference(line: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  let canonical = false
  try {
    canonical = canonicalJson(value) === line
  } catch {
    // A number canonicalJson refuses.
  }
  return canonical && bundleEventSchema.safeParse(value).success ? value : undefined
}

const at = '2026-11-23T09:00:24.761Z'
const STATION_LINES: SessionEvent[] = [
  { seq: 1, type: 'session_created', at, data: { accommodations: {}, allowedMs: 5400000, session: 'ses_1', x: [] } },
  { seq: 2, type: 'started', at, data: {} },
  { seq: 3, type: 'answer_saved', at, data: { ct: 'ab'.repeat(32), item: 'single-1', revision: 1 } },
  { seq: 4, type: 'proctor_auth', at, data: { action: 'extend', failures: 0, outcome: 'ok' } },
  { seq: 5, type: 'extended', at, data: { allowedMs: 5700000, minutes: 5, reason: 'fire alarm', remainingMs: 1 } },
  { seq: 6, type: 'focus_lost', at, data: { fullscreen: false, visible: true, window: null, delta: -250 } },
  { seq: 999999999999999, type: 'submitted', at: '', data: { reason: 'candidate' } },
]
const LINES = STATION_LINES.map(eventLine)

/** Bytes that make JSON, canonical JSON or a session event go wrong, or nearly. */
const PIECES = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '1', '-', '.', 'e', 'E', '+', 'a', 'z', '_']
const MORE = [
  '{}',
  '[]',
  'true',
  'null',
  'false',
  'é',
  '\u0001',
  '\u007f',
  '\\u0041',
  '\\n',
  '__proto__',
  '"10"',
  '-0',
  '01',
]

function edited(line: string): string {
  let text = line
  for (let e = 1 + uniformBelow(next, 2); e > 0; e--) {
    const where = uniformBelow(next, text.length + 1)
    const piece = uniformBelow(next, 4) === 0 ? pick(MORE) : pick(PIECES)
    switch (uniformBelow(next, 3)) {
      case 0:
        text = text.slice(0, where) + piece + text.slice(where)
        break
      case 1:
        text = text.slice(0, where) + text.slice(where + 1)
        break
      default:
        text = text.slice(0, where) + piece + text.slice(where + 1)
    }
  }
  return text
}

describe('readCanonicalEventLine, the verifier fast read of an event line', () => {
  it('reads every flat line a station writes as JSON.parse does', () => {
    for (const line of LINES) {
      expect(read(line), line).toStrictEqual(JSON.parse(line))
      expect(reference(line)).toBeDefined()
    }
  })

  it('reads nothing the reference refuses, and reads as JSON.parse, on 20,000 byte edits', () => {
    const verdicts = { read: 0, left: 0, leftButValid: 0 }
    for (let i = 0; i < 20_000; i++) {
      const line = edited(pick(LINES))
      const fast = read(line)
      const valid = reference(line)
      if (fast !== undefined) {
        expect(valid, line).toBeDefined()
        expect(fast, line).toStrictEqual(valid)
        expect(isSessionEvent(fast)).toBe(true)
        verdicts.read += 1
      } else verdicts[valid === undefined ? 'left' : 'leftButValid'] += 1
    }
    // Edits that keep a line valid (a letter in a string) are read; most edits break it and are left.
    expect(verdicts.read).toBeGreaterThan(1000)
    expect(verdicts.left).toBeGreaterThan(10_000)
  })

  it('leaves to the slow read what it cannot be sure of, valid or not', () => {
    const base = (data: string): string => `{"at":"t","data":{${data}},"seq":1,"type":"started"}`
    const left = [
      base('"__proto__":1'),
      base('"10":1,"9":2'),
      base('"a":"\\u0041"'),
      base('"a":"é"'),
      base('"a":"\u007f"'),
      base('"a":1.5'),
      base('"a":1e3'),
      base('"a":1234567890123456'),
      base('"a":{"b":1}'),
      base('"a":[1]'),
      base('"a":{ }'),
      base('"a":{]'),
      base('"a":-0'),
      base('"a":01'),
      base('"b":1,"a":2'),
      base('"a":1,"a":1'),
      base('"":1'),
      base('"a":1 '),
      base('"a":tru'),
      '{"at":"t","data":{},"seq":0,"type":"started"}',
      '{"at":"t","data":{},"seq":-1,"type":"started"}',
      '{"at":"t","data":{},"seq":1,"type":"nonsense"}',
      '{"at":"t","data":{},"seq":1,"type":"started"} ',
      '{"at":"t","data":{},"seq":1,"type":"started","x":1}',
    ]
    for (const line of left) expect(read(line), line).toBeUndefined()
    // Some of these are canonical session events all the same: the slow read accepts them, not this one.
    expect(reference(base('"10":1,"9":2'))).toBeDefined()
    expect(reference(base('"a":"é"'))).toBeDefined()
  })

  it('reads only when the bytes it is given are the line', () => {
    const line = LINES[2] as string
    const bytes = Buffer.from(line, 'latin1')
    expect(readCanonicalEventLine(line, bytes, 0, bytes.length, TYPES)).toStrictEqual(JSON.parse(line))
    expect(readCanonicalEventLine(`${line} `, bytes, 0, bytes.length, TYPES)).toBeUndefined()
    expect(readCanonicalEventLine(line, bytes, 0, bytes.length - 1, TYPES)).toBeUndefined()
  })
})
