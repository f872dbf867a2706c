import { canonicalJson } from '../base/canonicalJson'
import { verifyChain, type SessionEvent } from '../base/eventChain'
import { parseEventLines } from '../base/eventChain'
import { bundleEventSchema } from './bundleFormat'
import type { BundleProblemCode, ResultManifest } from './bundleFormat'

/**
 * The payload's content rules, shared by the writer (which refuses to sign a bundle that breaks them) and the
 * verifier (which refuses to accept one).
 */
export interface BundleProblem {
  code: BundleProblemCode
  reason: string
}

const problem = (code: BundleProblemCode, reason: string): BundleProblem => ({ code, reason })

/** Payload text: the manifest's canonical JSON, then each event line, joined by "\n" (no trailing newline). */
export const encodePayload = (manifest: ResultManifest, eventLines: readonly string[]): string =>
  [canonicalJson(manifest), ...eventLines].join('\n')

type ParsedEvent = ReturnType<typeof bundleEventSchema.parse>

/** The lines as parsed once (parseEventLines), checked against the schema: the parse trusts no line of a bundle. */
function checkEvents(
  eventLines: readonly string[],
  parsedLines: readonly (SessionEvent | undefined)[],
): ParsedEvent[] | BundleProblem {
  const events: ParsedEvent[] = []
  for (const [index, line] of eventLines.entries()) {
    const value = parsedLines[index]
    if (value === undefined) return problem('BAD_EVENT_LOG', `event ${index + 1} is not JSON`)
    // Stored lines are canonical JSON; anything else was not written by a station.
    if (canonicalJson(value) !== line) return problem('BAD_EVENT_LOG', `event ${index + 1} is not in canonical form`)
    const parsed = bundleEventSchema.safeParse(value)
    if (!parsed.success) return problem('BAD_EVENT_LOG', `event ${index + 1} is not a session event`)
    events.push(parsed.data)
  }
  return events
}

/** The response list must be exactly the last answer_saved revision of every answered unit. */
function checkResponses(manifest: ResultManifest, events: readonly ParsedEvent[]): BundleProblem | undefined {
  const latest = new Map<string, number>()
  const saved = new Set<string>()
  for (const event of events) {
    if (event.type !== 'answer_saved') continue
    const { item, revision } = event.data
    if (typeof item !== 'string' || typeof revision !== 'number') {
      return problem('BAD_EVENT_LOG', `answer_saved event ${event.seq} does not name an item and a revision`)
    }
    saved.add(`${item}\u0000${revision}`)
    latest.set(item, Math.max(latest.get(item) ?? 0, revision))
  }
  const seen = new Set<string>()
  for (const response of manifest.responses) {
    if (seen.has(response.item)) return problem('INCONSISTENT', `the manifest lists ${response.item} twice`)
    seen.add(response.item)
    if (!saved.has(`${response.item}\u0000${response.revision}`)) {
      return problem('INCONSISTENT', `no answer_saved event for ${response.item} revision ${response.revision}`)
    }
    if (latest.get(response.item) !== response.revision) {
      return problem('INCONSISTENT', `${response.item} revision ${response.revision} is not the last one saved`)
    }
  }
  const missing = [...latest.keys()].find((item) => !seen.has(item))
  return missing === undefined
    ? undefined
    : problem('INCONSISTENT', `${missing} was saved but the manifest has no response for it`)
}

/** The chain as the writer computed it, or as the session's integrity check verified it. */
export interface EventLogHead {
  count: number
  head: string
}

/** Checks the event log against the manifest; undefined when all is well. */
export function checkBundleContent(manifest: ResultManifest, eventLines: readonly string[]): BundleProblem | undefined {
  const parsedLines = parseEventLines(eventLines)
  const chain = verifyChain(eventLines, undefined, parsedLines)
  if (!chain.ok) return problem('BAD_EVENT_LOG', `event ${chain.brokenAt}: ${chain.reason}`)
  return checkEventLog(manifest, chain, eventLines, parsedLines)
}

/**
 * Everything checkBundleContent checks once the chain is recomputed: the writer, which has the chain already, calls
 * it directly so the chain is not hashed twice. `parsedLines` are `eventLines` as parseEventLines parsed them.
 */
export function checkEventLog(
  manifest: ResultManifest,
  chain: EventLogHead,
  eventLines: readonly string[],
  parsedLines: readonly (SessionEvent | undefined)[],
): BundleProblem | undefined {
  if (chain.count !== manifest.event_log.count) {
    return problem(
      'BAD_EVENT_LOG',
      `the manifest counts ${manifest.event_log.count} events but the bundle holds ${chain.count}`,
    )
  }
  if (chain.head !== manifest.event_log.head)
    return problem('BAD_EVENT_LOG', 'the recomputed event chain head does not match the manifest')
  const events = checkEvents(eventLines, parsedLines)
  if (!Array.isArray(events)) return events
  const first = events[0]
  if (first?.type !== 'session_created' || first.data.session !== manifest.session.id) {
    return problem('BAD_EVENT_LOG', `the first event is not session_created for session ${manifest.session.id}`)
  }
  return checkResponses(manifest, events)
}
