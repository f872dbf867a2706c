import { createHash } from 'node:crypto'
import { chainHash, EVENT_TYPES, eventLine, parseEventLine } from '../base/eventChain'
import type { EventType, SessionEvent } from '../base/eventChain'
import { fromBase64urlStrict } from '../crypto/base64url'
import type { LogShipment } from '../protocol/roomMessages'
import type { ReplicaLine, SealedRow } from './replicaStore'

/**
 * Whether a log shipment may extend the room's replica of a session: it must start right after the head the room
 * holds, number its events on without a gap, chain from the held hash line by line to exactly the hashes shipped,
 * and carry exactly the sealed answer rows its answer_saved events cite, each matching the digest (`ct`, SHA-256
 * of nonce || ciphertext, as db/sessionCrypto.ts sealedDigest) its event recorded. Pure: the room never opens a
 * row, it only checks that the bytes are the ones the chain vouches for.
 */
export type ShipmentCheck = { ok: true; lines: ReplicaLine[]; sealed: SealedRow[] } | { ok: false; reason: string }

const EVENT_TYPE_SET = new Set<string>(EVENT_TYPES)
const refuse = (reason: string): ShipmentCheck => ({ ok: false, reason })

/** SHA-256 over the row's nonce then ciphertext bytes (both base64url on the wire), hex; undefined if not base64url. */
export function sealedRowDigest(row: { nonce: string; ciphertext: string }): string | undefined {
  try {
    return createHash('sha256')
      .update(fromBase64urlStrict(row.nonce))
      .update(fromBase64urlStrict(row.ciphertext))
      .digest('hex')
  } catch {
    return undefined
  }
}

function readEvent(line: string): SessionEvent | undefined {
  try {
    const event = parseEventLine(line)
    const known = typeof event === 'object' && event !== null && EVENT_TYPE_SET.has(event.type as EventType)
    // The canonical form only: the line hashed must be the one line an event can have.
    return known && eventLine(event) === line ? event : undefined
  } catch {
    return undefined
  }
}

const rowKey = (unit: string, revision: number): string => `${unit}\u0000${String(revision)}`

export function checkShipment(held: { seq: number; hash: string }, shipment: LogShipment): ShipmentCheck {
  const { fromSeq, lines, hashes } = shipment
  if (fromSeq !== held.seq + 1)
    return refuse(
      `the shipment starts at seq ${String(fromSeq)}, but the room holds up to ${String(held.seq)}: it must start at ${String(held.seq + 1)}`,
    )
  if (lines.length !== hashes.length)
    return refuse(`${String(lines.length)} lines came with ${String(hashes.length)} hashes`)
  const accepted: ReplicaLine[] = []
  const cited = new Map<string, string>()
  let prev = held.hash
  for (const [index, line] of lines.entries()) {
    const seq = fromSeq + index
    const event = readEvent(line)
    if (!event) return refuse(`line ${String(seq)} is not an event line`)
    if (event.seq !== seq)
      return refuse(`line ${String(seq)} is numbered ${String(event.seq)}: the log skips or repeats`)
    prev = chainHash(prev, line)
    if (hashes[index] !== prev)
      return refuse(`line ${String(seq)} does not chain from the held head: the log was rewritten`)
    accepted.push({ seq, line, hash: prev })
    if (event.type === 'answer_saved') {
      const { item, revision, ct } = event.data
      if (typeof item !== 'string' || typeof revision !== 'number' || typeof ct !== 'string')
        return refuse(`answer_saved event ${String(seq)} does not name an item, a revision and a digest`)
      cited.set(rowKey(item, revision), ct)
    }
  }
  const sealed: SealedRow[] = []
  const seen = new Set<string>()
  for (const row of shipment.sealedAnswers) {
    const key = rowKey(row.unitId, row.revision)
    const which = `the sealed row for ${row.unitId} revision ${String(row.revision)}`
    const digest = cited.get(key)
    if (digest === undefined) return refuse(`${which} is cited by no answer_saved event in the shipment`)
    if (seen.has(key)) return refuse(`${which} comes twice`)
    seen.add(key)
    if (sealedRowDigest(row) !== digest) return refuse(`${which} does not match the digest its event recorded`)
    sealed.push({ ...row })
  }
  const missing = [...cited.keys()].find((key) => !seen.has(key))
  if (missing !== undefined)
    return refuse(`the sealed row for ${missing.replace('\u0000', ' revision ')} is missing from the shipment`)
  return { ok: true, lines: accepted, sealed }
}
