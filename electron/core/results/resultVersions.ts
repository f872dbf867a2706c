import { canonicalJson } from '../base/canonicalJson'
import { chainHash, GENESIS_HASH } from '../base/eventChain'
import type { ResultManifest } from '../bundle/bundleFormat'
import type { NewResult, StoreOutcome } from './resultsStore'

/**
 * The one rule deciding what each new bundle does to the sessions stored, for both backends. A session's event log
 * only grows (events are appended, never edited), so a later export of the same session holds the earlier log as its
 * prefix: that bundle supersedes the stored one, which is kept as an earlier version. Anything else with the same
 * station and session is refused: a log that diverges is two histories of one session, and the same log with another
 * manifest is a manifest made up after the fact (the station key signed it, so only the log can tell).
 */
export interface StoredVersion {
  bundleSha256: string
  head: string
  count: number
  /** The stored manifest's JSON text; or, for a version this batch added, the manifest itself (not encoded twice). */
  manifest: string | ResultManifest
  current: boolean
}

export interface StoredSessions {
  /** Bundle digests already stored (current and earlier versions). */
  bundles: ReadonlySet<string>
  /** Every stored version of each station session in the batch, keyed by sessionKey. */
  versions: ReadonlyMap<string, readonly StoredVersion[]>
}

export interface BatchPlan {
  /** Per input, in input order. */
  outcomes: StoreOutcome[]
  /** New current rows. */
  inserts: NewResult[]
  /** Stored current rows to move to the history, superseded by a new bundle. */
  retire: { bundleSha256: string; supersededBy: string; supersededAt: string }[]
  /** New rows superseded within the same batch: they go straight to the history. */
  history: { entry: NewResult; supersededBy: string; supersededAt: string }[]
}

export const sessionKey = (stationId: string, sessionId: string): string => `${stationId}\u0000${sessionId}`

/** The manifest without exported_at: two exports of one log differ only there. */
const comparable = (manifest: ResultManifest): string => canonicalJson({ ...manifest, exported_at: '' })

const sameManifest = (stored: string | ResultManifest, manifest: ResultManifest): boolean =>
  comparable(typeof stored === 'string' ? (JSON.parse(stored) as ResultManifest) : stored) === comparable(manifest)

/** Whether `lines` continue the log whose first `count` events hash to `head`, with more events after them. */
export function extendsLog(lines: readonly string[] | undefined, count: number, head: string): boolean {
  if (lines === undefined || lines.length <= count) return false
  let hash = GENESIS_HASH
  for (let index = 0; index < count; index += 1) hash = chainHash(hash, lines[index] ?? '')
  return hash === head
}

export function planBatch(batch: readonly NewResult[], stored: StoredSessions): BatchPlan {
  const bundles = new Set(stored.bundles)
  const versions = new Map([...stored.versions].map(([key, list]) => [key, list.map((version) => ({ ...version }))]))
  const pending = new Map<string, NewResult>()
  const plan: BatchPlan = { outcomes: [], inserts: [], retire: [], history: [] }
  // Shorter logs first: in one batch an earlier export is stored, then superseded by the later one.
  const order = batch
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.result.manifest.event_log.count - b.entry.result.manifest.event_log.count)
  for (const { entry, index } of order) plan.outcomes[index] = decide(entry)
  plan.inserts = [...pending.values()]
  return plan

  function decide(entry: NewResult): StoreOutcome {
    const { result } = entry
    const { head, count } = result.manifest.event_log
    if (bundles.has(result.bundleSha256)) return 'duplicate'
    const key = sessionKey(result.stationId, result.sessionId)
    const known = versions.get(key) ?? []
    const same = known.find((version) => version.head === head)
    if (same) return sameManifest(same.manifest, result.manifest) ? 'duplicate' : 'manifest_conflict'
    const current = known.find((version) => version.current)
    if (current && !extendsLog(entry.eventLines, current.count, current.head)) return 'conflict'
    if (current) {
      current.current = false
      const moved = { supersededBy: result.bundleSha256, supersededAt: result.importedAt }
      const inBatch = pending.get(key)
      if (inBatch) plan.history.push({ entry: inBatch, ...moved })
      else plan.retire.push({ bundleSha256: current.bundleSha256, ...moved })
    }
    bundles.add(result.bundleSha256)
    known.push({
      bundleSha256: result.bundleSha256,
      head,
      count,
      manifest: result.manifest,
      current: true,
    })
    versions.set(key, known)
    pending.set(key, entry)
    return current ? 'superseded' : 'stored'
  }
}
