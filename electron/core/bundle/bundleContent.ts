import { isAscii, isUtf8, transcode } from 'node:buffer'
import { canonicalJson } from '../base/canonicalJson'
import { checkEventLines, verifyChain } from '../base/eventChain'
import type { CheckedEventLines, EventLineBytes, SessionEvent } from '../base/eventChain'
import type { BundleProblem, BundleProblemCode, ResultManifest } from './bundleFormat'
import { checkMovedSessions } from './movedSessions'
import { checkResponses } from './responseCheck'
import { scoreProblem } from './scoreConsistency'

const problem = (code: BundleProblemCode, reason: string): BundleProblem => ({ code, reason })

/** Payload text: the manifest's canonical JSON, then each event line, joined by "\n" (no trailing newline). */
export const encodePayload = (manifest: ResultManifest, eventLines: readonly string[]): string =>
  [canonicalJson(manifest), ...eventLines].join('\n')

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

/** A payload as the verifier reads it: its lines, and where they lie in its bytes (for the canonical scans). */
export interface DecodedPayload {
  manifestLine: string
  eventLines: string[]
  /** The payload's bytes, a leading BOM dropped: the manifest line is bytes[0, manifestEnd). */
  bytes: Buffer
  manifestEnd: number
  eventBytes: EventLineBytes
}

/**
 * encodePayload's inverse, for the verifier: the manifest line and the event lines, or undefined when the payload is
 * not UTF-8. Event lines are usually ASCII, and then read as one-byte strings, which JSON.parse handles fastest. A
 * leading BOM is dropped, as the TextDecoder used before dropped it, so no verdict changes.
 */
export function decodePayload(payload: Buffer): DecodedPayload | undefined {
  if (!isUtf8(payload)) return undefined
  const bytes = payload.subarray(0, 3).equals(UTF8_BOM) ? payload.subarray(3) : payload
  const newline = bytes.indexOf(0x0a)
  if (newline < 0) {
    const eventBytes = { bytes, starts: [bytes.length + 1] }
    return { manifestLine: decodeUtf8(bytes), eventLines: [], bytes, manifestEnd: bytes.length, eventBytes }
  }
  const events = bytes.subarray(newline + 1)
  const ascii = isAscii(events)
  const eventLines = (ascii ? events.toString('latin1') : events.toString('utf8')).split('\n')
  // ASCII: a line's length is its byte count.
  const starts = [newline + 1]
  if (ascii) for (const line of eventLines) starts.push((starts[starts.length - 1] as number) + line.length + 1)
  else {
    for (let at = bytes.indexOf(0x0a, newline + 1); at >= 0; at = bytes.indexOf(0x0a, at + 1)) starts.push(at + 1)
    starts.push(bytes.length + 1)
  }
  const manifestLine = decodeUtf8(bytes.subarray(0, newline))
  return { manifestLine, eventLines, bytes, manifestEnd: newline, eventBytes: { bytes, starts } }
}

/**
 * Valid UTF-8 as a string. Node's UTF-8 decoder is slow on non-ASCII text (a manifest's answers in Chinese); ICU's
 * transcoder to UTF-16 is about three times faster and gives the same string (bundleContent.test.ts), kept to text
 * that starts with "{" so that no converter's BOM handling can differ.
 */
function decodeUtf8(bytes: Buffer): string {
  if (bytes[0] === 0x7b && !isAscii(bytes)) {
    try {
      return transcode(bytes, 'utf8', 'utf16le').toString('utf16le')
    } catch {
      // No ICU in this build: Node's decoder below.
    }
  }
  return bytes.toString('utf8')
}

const EVENT_LINE_PROBLEMS = {
  not_json: 'is not JSON',
  not_canonical: 'is not in canonical form',
  not_session_event: 'is not a session event',
} as const

/** The lines as checkEventLines read them (once each): the checks trust no line of a bundle. */
function checkEvents(checked: CheckedEventLines): SessionEvent[] | BundleProblem {
  const { firstProblem } = checked
  if (firstProblem) {
    return problem('BAD_EVENT_LOG', `event ${firstProblem.index + 1} ${EVENT_LINE_PROBLEMS[firstProblem.problem]}`)
  }
  return checked.events as SessionEvent[]
}

/** The manifest's end note must be the one the log's `submitted` event recorded (the signed log is the record). */
function submitNoteProblem(manifest: ResultManifest, events: readonly SessionEvent[]): BundleProblem | undefined {
  const submitted = events.findLast((event) => event.type === 'submitted')
  const logged = typeof submitted?.data.note === 'string' ? submitted.data.note : undefined
  return manifest.session.submit_note === logged
    ? undefined
    : problem('INCONSISTENT', "the manifest's submit_note is not the note in the log's submitted event")
}

/** The chain as the writer computed it, or as the session's integrity check verified it. */
export interface EventLogHead {
  count: number
  head: string
}

/**
 * The payload's content rules: the event log against the manifest, undefined when all is well. Shared by the writer
 * (which refuses to sign a bundle that breaks them) and the verifier (which refuses to accept one).
 */
export function checkBundleContent(
  manifest: ResultManifest,
  eventLines: readonly string[],
  eventBytes?: EventLineBytes,
): BundleProblem | undefined {
  const checked = checkEventLines(eventLines, eventBytes)
  const chain = verifyChain(eventLines, undefined, checked.events)
  if (!chain.ok) return problem('BAD_EVENT_LOG', `event ${chain.brokenAt}: ${chain.reason}`)
  const found = checkEventLog(manifest, chain, checked)
  if (found) return found
  const moved = checkMovedSessions(checked.events as SessionEvent[], eventLines)
  return moved === undefined ? undefined : problem('BAD_EVENT_LOG', moved)
}

/**
 * Everything checkBundleContent checks once the chain is recomputed: the writer, which has the chain already, calls
 * it directly so the chain is not hashed twice. `checked` is the event lines as checkEventLines read them.
 */
export function checkEventLog(
  manifest: ResultManifest,
  chain: EventLogHead,
  checked: CheckedEventLines,
): BundleProblem | undefined {
  if (chain.count !== manifest.event_log.count) {
    return problem(
      'BAD_EVENT_LOG',
      `the manifest counts ${manifest.event_log.count} events but the bundle holds ${chain.count}`,
    )
  }
  if (chain.head !== manifest.event_log.head)
    return problem('BAD_EVENT_LOG', 'the recomputed event chain head does not match the manifest')
  const events = checkEvents(checked)
  if (!Array.isArray(events)) return events
  const first = events[0]
  if (first?.type !== 'session_created' || first.data.session !== manifest.session.id) {
    return problem('BAD_EVENT_LOG', `the first event is not session_created for session ${manifest.session.id}`)
  }
  const note = submitNoteProblem(manifest, events)
  if (note !== undefined) return note
  const scores = scoreProblem(manifest.scores)
  if (scores !== undefined) return problem('INCONSISTENT', `the scores do not add up: ${scores}`)
  return checkResponses(manifest, events)
}
