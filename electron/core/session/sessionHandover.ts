import { chainHash, GENESIS_HASH, parseEventLine } from '../base/eventChain'
import type { JsonValue } from '../base/jsonValue'
import { nextState, type SessionState } from '../base/sessionState'
import type { SealedAnswerRow } from '../db/answerStore'
import type { StoredEvent } from '../db/eventLog'
import { open as openSealed } from '../crypto/aead'
import { answerAad, candidateAad, deriveSessionKeys, headMac, type SessionHead } from '../db/sessionCrypto'
import { tamperDetected } from '../db/storeError'
import type { SessionContext } from './sessionContext'
import { storedTimer } from './sessionTiming'
import { setRunning } from './sessionTimer'

/**
 * A session moving between stations (docs/room.md, "A candidate moves"). The old station hands the room what a
 * spare needs, all sealed: its data key (sealed again to the room's escrow key by the caller) and the candidate's
 * sealed identity. The spare adopts the room's replica: it checks the chain from genesis to the attested head, opens
 * every sealed row with the key (so a wrong key or a swapped row is refused), stores the session as it was, and
 * continues the same chain with a `session_moved` event; the candidate then continues as after a recovery.
 */
export interface EscrowMaterial {
  keyId: string
  dataKey: Buffer
  candidate: { nonce: Buffer; ciphertext: Buffer } | null
  /** The authenticated head (state, clock, chain). */
  head: SessionHead
}

export function escrowMaterial(ctx: SessionContext, sessionId: string): EscrowMaterial {
  const row = ctx.row(sessionId)
  const keys = ctx.keys(sessionId)
  const candidate =
    row.candidate_nonce && row.candidate_ct ? { nonce: row.candidate_nonce, ciphertext: row.candidate_ct } : null
  return { keyId: keys.keyId, dataKey: keys.dataKey, candidate, head: ctx.log.head(keys) }
}

export interface AdoptInput {
  dataKey: Buffer
  /** The log from seq 1 to the attested head, each with the hash the old station stored. */
  events: readonly { line: string; hash: string }[]
  sealedAnswers: readonly SealedAnswerRow[]
  candidate: { nonce: Buffer; ciphertext: Buffer } | null
  /** The old station's attested head: its state and clock at the last line. */
  head: { state: string; allowedMs: number; elapsedMs: number }
  /** The `session_moved` event's data: the order, the signatures, where the session came from. */
  moved: Record<string, JsonValue>
}

export interface Adopted {
  sessionId: string
  /** False when this station already held the session (the handover came again). */
  adopted: boolean
}

/** A handover that does not check out is treated as tampering: nothing of it is stored. */
const refuse = (message: string): Error => tamperDetected(`handover refused: ${message}`)

/** Checks the chain from genesis and reads what the session_created event fixes. */
function readChain(events: AdoptInput['events']): { stored: StoredEvent[]; created: Record<string, JsonValue> } {
  let prev = GENESIS_HASH
  const stored = events.map(({ line, hash }, index) => {
    const event = parseEventLine(line)
    if (event.seq !== index + 1) throw refuse(`line ${String(index + 1)} is numbered ${String(event.seq)}`)
    prev = chainHash(prev, line)
    if (prev !== hash) throw refuse(`line ${String(event.seq)} does not chain: the replica was altered`)
    return { seq: event.seq, type: event.type, line, hash }
  })
  const first = events[0] ? parseEventLine(events[0].line) : undefined
  if (first?.type !== 'session_created') throw refuse('the log does not begin with session_created')
  return { stored, created: first.data }
}

export function adoptMovedSession(ctx: SessionContext, input: AdoptInput): Adopted {
  const { stored, created } = readChain(input.events)
  const sessionId = String(created.session)
  if (ctx.sessions.get(sessionId)) return { sessionId, adopted: false }
  const keys = deriveSessionKeys(sessionId, String(created.keyId), input.dataKey)
  // AEAD: a key that is not this session's, or a row moved from elsewhere, fails here, before anything is stored.
  try {
    for (const row of input.sealedAnswers) openSealed(keys.dataKey, row, answerAad(sessionId, row.unitId, row.revision))
    if (input.candidate) openSealed(keys.dataKey, input.candidate, candidateAad(sessionId))
  } catch {
    throw refuse(`the handed-over key does not open session ${sessionId}'s sealed rows`)
  }
  const last = stored[stored.length - 1]
  if (!last) throw refuse('the handed-over log is empty')
  const head: SessionHead = { ...input.head, seq: last.seq, hash: last.hash }
  const at = ctx.nowIso()
  ctx.transaction(() => {
    ctx.sessions.insert({
      id: sessionId,
      exam_id: String(created.exam),
      package_hash: String(created.packageHash),
      form_seed: String(created.formSeed),
      state: head.state,
      key_id: keys.keyId,
      wrapped_key: ctx.keyring.wrapSessionKey(sessionId, keys.dataKey),
      duration_ms: Number(created.durationMs),
      allowed_ms: head.allowedMs,
      elapsed_ms: head.elapsedMs,
      head_seq: head.seq,
      head_hash: head.hash,
      head_mac: headMac(keys, head),
      created_at: at,
      updated_at: at,
    })
    for (const event of stored) ctx.log.importLine(sessionId, event)
    for (const row of input.sealedAnswers) ctx.answers.importSealed(sessionId, row)
    if (input.candidate) ctx.sessions.setCandidate(sessionId, input.candidate.nonce, input.candidate.ciphertext, at)
    ctx.cacheKeys(keys)
    const state = nextState(head.state as SessionState, 'move')
    ctx.log.append(keys, head, { type: 'session_moved', at, data: input.moved }, { state })
    // The whole session as this station now holds it, checked as any recovery checks it; a failure undoes it all.
    const report = ctx.assertIntegrity(sessionId)
    if (!report.ok) throw tamperDetected(`session ${sessionId} as handed over does not verify`)
  })
  ctx.timers.set(sessionId, setRunning(storedTimer(ctx, sessionId), false))
  return { sessionId, adopted: true }
}
