import { hash } from 'node:crypto'
import { canonicalJson, parseCanonicalJson } from './canonicalJson'
import { readCanonicalEventLine } from './eventLineRead'
import type { JsonValue } from './jsonValue'

/**
 * The session event log is a hash chain anyone can recompute with sha256sum:
 *   hash_0 = 64 zeros;  hash_n = SHA-256( hex(hash_{n-1}) + "\n" + line_n )
 * where line_n is the event's canonical JSON. Editing, deleting, reordering or swapping any event changes the head.
 */
export const EVENT_TYPES = [
  'session_created',
  'checked_in',
  'started',
  'answer_saved',
  'flagged',
  'unflagged',
  'options_struck',
  'paused',
  'resumed',
  'extended',
  'time_warning',
  'clock_jump',
  'focus_lost',
  'escape_attempt',
  'display_changed',
  'environment_check',
  'proctor_auth',
  'room_command',
  'session_moved',
  'submitted',
  'interrupted',
  'recovered',
  'graded',
  'exported',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

export interface SessionEvent {
  /** 1-based position in the session's log. */
  seq: number
  type: EventType
  /** Wall-clock time as ISO 8601 (informative: timing decisions use the monotonic timer, not this). */
  at: string
  data: Record<string, JsonValue>
}

export const GENESIS_HASH = '0'.repeat(64)

export const eventLine = (event: SessionEvent): string =>
  canonicalJson({ seq: event.seq, type: event.type, at: event.at, data: event.data })

// crypto.hash: one native call per link, about half the cost of a createHash object per link.
export const chainHash = (prevHash: string, line: string): string => hash('sha256', `${prevHash}\n${line}`, 'hex')

// Reading the event log back, the inverse of eventLine(): every reader of stored event lines (the chain check, the
// store's integrity check, the session's read models, the bundle writer and verifier) parses a line here, once, and
// passes the parsed events along instead of parsing the same line again.

/**
 * The event a line records. Throws a SyntaxError when the line is not JSON. The shape is trusted as eventLine()
 * wrote it: a reader that must not trust it (the bundle verifier) checks it against its schema.
 */
export const parseEventLine = (line: string): SessionEvent => JSON.parse(line) as SessionEvent

/**
 * A whole log that may hold lines no station wrote (a tampered store, a foreign bundle): undefined where a line is
 * not JSON, and for JSON null, which the chain check has always reported as not JSON.
 */
export function parseEventLines(lines: readonly string[]): (SessionEvent | undefined)[] {
  return lines.map((line) => {
    try {
      const event: SessionEvent | null = parseEventLine(line)
      return event ?? undefined
    } catch {
      return undefined
    }
  })
}

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES)

/**
 * Whether a parsed line has a session event's shape: exactly seq (a positive safe integer), type (one of
 * EVENT_TYPES), at (a string) and data (a plain object). The hand-written twin of the bundle's zod reference schema
 * (bundleEventSchema, which a test holds it to): a few microseconds on a verifier's hot path instead of a hundred.
 */
export function isSessionEvent(value: unknown): value is SessionEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const event = value as Record<string, unknown>
  if (Object.keys(event).length !== 4) return false
  const { seq, type, at, data } = event
  return (
    Number.isSafeInteger(seq) &&
    (seq as number) > 0 &&
    typeof type === 'string' &&
    EVENT_TYPE_SET.has(type) &&
    typeof at === 'string' &&
    isPlainObject(data)
  )
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

export type EventLineProblem = 'not_json' | 'not_canonical' | 'not_session_event'

/** A log read by a verifier that trusts none of it: every line parsed once, and the first line that is wrong. */
export interface CheckedEventLines {
  /** As parseEventLines gives them (undefined where not JSON), for verifyChain. */
  events: (SessionEvent | undefined)[]
  /** The first line (0-based) that is not a session event in canonical JSON, and what is wrong with it. */
  firstProblem?: { index: number; problem: EventLineProblem }
}

/** Where each line lies in the UTF-8 bytes it was decoded from: line i is bytes[starts[i], starts[i + 1] - 1). */
export interface EventLineBytes {
  bytes: Uint8Array
  starts: readonly number[]
}

/**
 * parseEventLines for a log no station is trusted to have written (a bundle): the same one parse per line, and each
 * line also checked to be exactly eventLine() of a session event. Lines after the first wrong one are only parsed.
 * `source`, the lines' bytes when they were decoded from UTF-8, lets a line be read in one pass over its bytes
 * (readCanonicalEventLine, for the usual flat line) or its canonical form be checked by a scan of them.
 */
export function checkEventLines(lines: readonly string[], source?: EventLineBytes): CheckedEventLines {
  const events: (SessionEvent | undefined)[] = []
  const starts = source?.starts.length === lines.length + 1 ? source.starts : undefined
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string
    const from = starts?.[index] as number
    const to = (starts?.[index + 1] as number) - 1
    // Most lines are read in one pass over their bytes; the rest parsed and scanned, which words a refusal.
    const read = starts && source ? readCanonicalEventLine(line, source.bytes, from, to, EVENT_TYPE_SET) : undefined
    if (read !== undefined) {
      // Its type is one of EVENT_TYPES: the read checked it against EVENT_TYPE_SET.
      events.push(read as SessionEvent)
      continue
    }
    const parsed = starts ? parseCanonicalJson(line, source?.bytes, from, to) : parseCanonicalJson(line)
    // JSON null is reported as not JSON, as parseEventLines does.
    const event = (parsed?.value ?? undefined) as SessionEvent | undefined
    events.push(event)
    let problem: EventLineProblem
    if (event === undefined) problem = 'not_json'
    else if (!parsed?.canonical) problem = 'not_canonical'
    else if (!isSessionEvent(event)) problem = 'not_session_event'
    else continue
    // The first wrong line: the rest are only parsed, for verifyChain.
    events.push(...parseEventLines(lines.slice(index + 1)))
    return { events, firstProblem: { index, problem } }
  }
  return { events }
}

export type ChainCheck = { ok: true; head: string; count: number } | { ok: false; brokenAt: number; reason: string }

/**
 * Recomputes a chain from its lines; `hashes` (as stored) must match at every step, `seq` must run 1..n. A caller
 * that has parsed the lines already (parseEventLines) passes `events`, so no line is parsed twice.
 */
export function verifyChain(
  lines: readonly string[],
  hashes?: readonly string[],
  events: readonly (SessionEvent | undefined)[] = parseEventLines(lines),
): ChainCheck {
  let prev = GENESIS_HASH
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string
    const event = events[index]
    if (event === undefined) return { ok: false, brokenAt: index + 1, reason: 'event is not JSON' }
    const seq: unknown = event.seq
    if (seq !== index + 1)
      return { ok: false, brokenAt: index + 1, reason: `expected seq ${index + 1}, found ${String(seq)}` }
    prev = chainHash(prev, line)
    if (hashes && hashes[index] !== prev)
      return { ok: false, brokenAt: index + 1, reason: 'stored hash does not match' }
  }
  return { ok: true, head: prev, count: lines.length }
}
