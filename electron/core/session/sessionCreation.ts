import { GENESIS_HASH } from '../base/eventChain'
import { deriveSessionKeys, headMac } from '../db/sessionCrypto'
import type { SessionContext } from './sessionContext'
import { createSessionSchema, parseInput } from './sessionInputs'
import { newSessionId } from './sessionId'
import { allowedTimeMs } from './sessionTimer'
import type { CreateSessionInput, SessionSummary } from './sessionTypes'

/**
 * A new session: its data key (stored only wrapped by the station), its row with an authenticated head, and the
 * first event of its chain, all in one transaction, so a session exists whole or not at all.
 */
export function createSessionRecord(ctx: SessionContext, input: CreateSessionInput): SessionSummary {
  const {
    examId,
    packageHash,
    formSeed,
    durationMs,
    accommodations = {},
  } = parseInput(createSessionSchema, input, 'session')
  const sessionId = newSessionId(ctx.clock.wallMs(), ctx.random)
  const keys = deriveSessionKeys(sessionId, `key_${ctx.random(12).toString('hex')}`, ctx.random(32))
  const allowedMs = allowedTimeMs(durationMs, accommodations)
  const head = { state: 'created', seq: 0, hash: GENESIS_HASH, allowedMs, elapsedMs: 0 }
  const at = ctx.nowIso()
  ctx.transaction(() => {
    ctx.sessions.insert({
      id: sessionId,
      exam_id: examId,
      package_hash: packageHash,
      form_seed: formSeed,
      state: head.state,
      key_id: keys.keyId,
      wrapped_key: ctx.keyring.wrapSessionKey(sessionId, keys.dataKey),
      duration_ms: durationMs,
      allowed_ms: allowedMs,
      elapsed_ms: 0,
      head_seq: 0,
      head_hash: GENESIS_HASH,
      head_mac: headMac(keys, head),
      created_at: at,
      updated_at: at,
    })
    const data = {
      session: sessionId,
      exam: examId,
      packageHash,
      formSeed,
      durationMs,
      accommodations,
      allowedMs,
      keyId: keys.keyId,
    }
    ctx.log.append(keys, head, { type: 'session_created', at, data })
  })
  ctx.cacheKeys(keys)
  return { sessionId, state: 'created' }
}
