import { toBase64url } from '../crypto/base64url'
import type { HeartbeatReply, LogShipment, SessionHead } from '../protocol/roomMessages'
import type { StationRuntime } from '../runtime/stationRuntime'

/**
 * Which parts of which session logs the room still lacks, and the shipments that carry them. The room says where
 * its replica of a session ends (a heartbeat reply's `want`), and that is the truth the shipper starts from; between
 * replies it assumes a shipment the room accepted extends the replica, so new commits follow without waiting for a
 * `want`. A session the room has never asked for is not pushed: the room sees its head and asks.
 */
export const MAX_EVENTS_PER_SHIPMENT = 500
/** Per heartbeat, so a long backlog never holds the next heartbeat back for long. */
export const MAX_SHIPMENTS_PER_TICK = 8

export class LogShipper {
  /** Session id -> the last sequence number the room holds (as it said, or as it accepted since). */
  private readonly roomHas = new Map<string, number>()

  constructor(private readonly runtime: StationRuntime) {}

  /** The room's own account of its replicas; it overrides whatever was assumed. */
  noteWant(want: HeartbeatReply['want']): void {
    for (const { sessionId, fromSeq } of want) this.roomHas.set(sessionId, Math.max(0, fromSeq - 1))
  }

  /** The next shipment the room lacks, given the station's current heads; undefined when it is up to date. */
  next(heads: readonly SessionHead[]): LogShipment | undefined {
    for (const head of heads) {
      const has = this.roomHas.get(head.sessionId)
      if (has === undefined || head.seq <= has) continue
      const chunk = this.runtime.sessions.logChunk(head.sessionId, has + 1, MAX_EVENTS_PER_SHIPMENT)
      if (chunk.lines.length === 0) continue
      return {
        sessionId: head.sessionId,
        fromSeq: has + 1,
        lines: chunk.lines,
        hashes: chunk.hashes,
        // Sealed under the session key, which never leaves the station: the room checks digests, never opens them.
        sealedAnswers: chunk.sealedAnswers.map((row) => ({
          unitId: row.unitId,
          revision: row.revision,
          keyId: row.keyId,
          nonce: toBase64url(row.nonce),
          ciphertext: toBase64url(row.ciphertext),
          savedAt: row.savedAt,
        })),
      }
    }
    return undefined
  }

  /** The room accepted `shipment`: its replica now ends at the shipment's last line. */
  accepted(shipment: LogShipment): void {
    this.roomHas.set(shipment.sessionId, shipment.fromSeq + shipment.lines.length - 1)
  }
}
