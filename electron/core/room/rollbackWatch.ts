import type { SessionHead } from '../protocol/roomMessages'
import type { RoomStore } from './roomStore'
import type { IncidentKind, RollbackKind } from './roomTypes'

/**
 * Whether a station still holds what the room holds of its sessions, checked on each heartbeat: the room keeps the
 * newest head of every session (its replica), so a station whose database was restored from an older copy, or lost
 * a session, shows it when it reports its heads. Reasons a session legitimately leaves a station are not flagged:
 * it was moved to a spare (the room then holds it for the spare), the station purged it after exporting it (it
 * purges only exported sessions; the room's copy of the chain ends in `exported`, or the room holds its bundle),
 * or the station has more sessions than a heartbeat lists. A flag is raised once (one incident) and stays open
 * until the station shows the room's head again.
 */

/** As many heads as a station's heartbeat lists (roomLink.ts): past it, a session missing from the list may not be lost. */
export const MAX_REPORTED_HEADS = 100

export interface HeadsReport {
  stationId: string
  heads: readonly SessionHead[]
  /** Where the station's seat status put each session, before and now: the seat a flag names. */
  seatOf: (sessionId: string) => string | null
  at: string
}

type Incident = (kind: IncidentKind, stationId: string, sessionId: string, detail: string) => void

const describe = (kind: RollbackKind, sessionId: string, heldSeq: number, reportedSeq: number | null): string =>
  kind === 'no_head'
    ? `no head for session ${sessionId}: the room holds ${String(heldSeq)} events of it`
    : kind === 'behind'
      ? `behind by ${String(heldSeq - (reportedSeq ?? 0))} events: reported head seq ${String(reportedSeq)}, the room holds ${String(heldSeq)}`
      : `reported another hash at seq ${String(reportedSeq)}`

export function watchHeads(store: RoomStore, report: HeadsReport, incident: Incident): void {
  const { stationId, heads, at } = report
  const raise = (sessionId: string, kind: RollbackKind, heldSeq: number, reportedSeq: number | null): void => {
    const open = store.rollbacks.get(stationId, sessionId)
    // One incident per rollback noticed (or when it turns into another kind), not one per heartbeat.
    if (open?.kind !== kind)
      incident('rolled_back', stationId, sessionId, describe(kind, sessionId, heldSeq, reportedSeq))
    store.rollbacks.raise({ stationId, sessionId, kind, seat: report.seatOf(sessionId), heldSeq, reportedSeq }, at)
  }
  const reported = new Set<string>()
  for (const head of heads) {
    reported.add(head.sessionId)
    const held = store.replicas.replica(head.sessionId)
    if (!held || held.stationId !== stationId || held.headSeq === 0) continue
    // Behind whether or not its own later events fork (a restored station logs its reopening): it lacks the room's.
    if (head.seq < held.headSeq) {
      raise(head.sessionId, 'behind', held.headSeq, head.seq)
    } else if (head.seq === held.headSeq) {
      if (head.hash === held.headHash) store.rollbacks.clear(stationId, head.sessionId)
      else raise(head.sessionId, 'forked', held.headSeq, head.seq)
    }
    // Ahead of the room: only a shipment that extends the room's chain shows it holds the room's head (caughtUp).
  }
  if (heads.length >= MAX_REPORTED_HEADS) return
  const arriving = new Set(store.moves.moves({ untakenFor: stationId }).map((move) => move.order.sessionId))
  for (const held of store.replicas.heldFor(stationId)) {
    if (reported.has(held.sessionId) || held.headSeq === 0 || arriving.has(held.sessionId)) continue
    if (leftLegitimately(store, held.sessionId, held.headSeq)) continue
    raise(held.sessionId, 'no_head', held.headSeq, null)
  }
  // A session moved away since its flag was raised is the spare's now: the flag has served.
  for (const flag of store.rollbacks.forStation(stationId))
    if (store.replicas.replica(flag.sessionId)?.stationId !== stationId)
      store.rollbacks.clear(stationId, flag.sessionId)
}

/** A shipment from the station extended the room's chain: the station holds the room's head, so no flag stands. */
export function caughtUp(store: RoomStore, stationId: string, sessionId: string): void {
  store.rollbacks.clear(stationId, sessionId)
}

/** Exported on the station (it may purge it then), or its bundle is in the room. */
function leftLegitimately(store: RoomStore, sessionId: string, headSeq: number): boolean {
  const line = store.replicas.line(sessionId, headSeq)
  try {
    if (line !== undefined && (JSON.parse(line) as { type?: unknown }).type === 'exported') return true
  } catch {
    // A line the room accepted is JSON; should one not be, the bundle check below still answers.
  }
  return store.collected().some((bundle) => bundle.sessionId === sessionId)
}
