import type { SessionEvent } from '../base/eventChain'
import type { BundleProblem, ResultManifest } from './bundleFormat'

/** What the check reads of a manifest. */
type Responses = Pick<ResultManifest, 'responses'>

const inconsistent = (reason: string): BundleProblem => ({ code: 'INCONSISTENT', reason })
const badLog = (reason: string): BundleProblem => ({ code: 'BAD_EVENT_LOG', reason })

/**
 * Whether responseProblem finds nothing, in about half its map operations: the manifest's items indexed once, then one
 * lookup per answer_saved event. A verifier's usual case; any false is worded by responseProblem.
 */
export function responsesMatchLog(manifest: Responses, events: readonly SessionEvent[]): boolean {
  const { responses } = manifest
  const position = new Map<string, number>()
  responses.forEach((response, i) => position.set(response.item, i))
  const last: (number | undefined)[] = []
  for (const event of events) {
    if (event.type !== 'answer_saved') continue
    const { item, revision } = event.data
    if (typeof item !== 'string' || typeof revision !== 'number') return false
    const at = position.get(item)
    if (at === undefined) return false
    const known = last[at]
    if (known === undefined || revision > known) last[at] = revision
  }
  // An item listed twice keeps its first position unfilled, so it fails here too.
  return responses.every((response, i) => last[i] === response.revision)
}

/** The response list must be exactly the last answer_saved revision of every answered unit. */
export function responseProblem(manifest: Responses, events: readonly SessionEvent[]): BundleProblem | undefined {
  const latest = new Map<string, number>()
  for (const event of events) {
    if (event.type !== 'answer_saved') continue
    const { item, revision } = event.data
    if (typeof item !== 'string' || typeof revision !== 'number') {
      return badLog(`answer_saved event ${event.seq} does not name an item and a revision`)
    }
    const known = latest.get(item)
    if (known === undefined || revision > known) latest.set(item, revision)
  }
  const seen = new Set<string>()
  for (const response of manifest.responses) {
    if (seen.has(response.item)) return inconsistent(`the manifest lists ${response.item} twice`)
    seen.add(response.item)
    // The last revision saved was saved; any other is either saved earlier or never (the reason says which).
    if (latest.get(response.item) === response.revision) continue
    const saved = events.some(
      (event) =>
        event.type === 'answer_saved' && event.data.item === response.item && event.data.revision === response.revision,
    )
    return saved
      ? inconsistent(`${response.item} revision ${response.revision} is not the last one saved`)
      : inconsistent(`no answer_saved event for ${response.item} revision ${response.revision}`)
  }
  if (seen.size === latest.size) return undefined
  const missing = [...latest.keys()].find((item) => !seen.has(item))
  return inconsistent(`${String(missing)} was saved but the manifest has no response for it`)
}

/**
 * A bundle's responses against its event log: the manifest must list, once each, the last answer_saved revision of
 * every item the log saved, and nothing else. A verifier checks this on every bundle, so the usual case (all is well)
 * takes the fast pass, and only a bundle that fails it is read again for the worded problem.
 */
export const checkResponses = (manifest: Responses, events: readonly SessionEvent[]): BundleProblem | undefined =>
  responsesMatchLog(manifest, events) ? undefined : responseProblem(manifest, events)
