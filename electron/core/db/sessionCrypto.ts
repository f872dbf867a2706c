import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { open, seal, type Sealed } from '../crypto/aead'
import { canonicalJson } from '../base/canonicalJson'
import type { RandomSource } from '../crypto/randomSource'

/**
 * Per-session cryptography. The data key (32 random bytes, stored only wrapped) encrypts answers, manual scores,
 * struck-out options and the candidate's identity; a MAC key derived from it with HKDF authenticates the session
 * head. Every AAD binds a format version and the row's place (session, unit, revision), so a ciphertext moved
 * anywhere else fails to open. The AAD strings are stored formats: they never change.
 */
export interface SessionKeys {
  sessionId: string
  keyId: string
  dataKey: Buffer
  macKey: Buffer
}

export function deriveSessionKeys(sessionId: string, keyId: string, dataKey: Buffer): SessionKeys {
  const macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), `invigil-head-mac/1|${sessionId}`, 32))
  return { sessionId, keyId, dataKey, macKey }
}

export const answerAad = (sessionId: string, unitId: string, revision: number): Buffer =>
  Buffer.from(`invigil-answer/1|${sessionId}|${unitId}|${String(revision)}`, 'utf8')

export const manualScoreAad = (sessionId: string, itemId: string, partId: string, revision: number): Buffer =>
  Buffer.from(`invigil-manual-score/1|${sessionId}|${itemId}|${partId}|${String(revision)}`, 'utf8')

export const candidateAad = (sessionId: string): Buffer => Buffer.from(`invigil-candidate/1|${sessionId}`, 'utf8')

/** Struck-out options travel in their event; the chain fixes each event's place, the AAD its session and unit. */
export const struckOptionsAad = (sessionId: string, unitId: string): Buffer =>
  Buffer.from(`invigil-struck-options/1|${sessionId}|${unitId}`, 'utf8')

const NONCE_BYTES = 12

export const sealJson = (keys: SessionKeys, value: unknown, aad: Buffer, random: RandomSource): Sealed =>
  seal(keys.dataKey, Buffer.from(canonicalJson(value), 'utf8'), aad, random(NONCE_BYTES))

export const openJson = (keys: SessionKeys, sealed: Sealed, aad: Buffer): unknown =>
  JSON.parse(open(keys.dataKey, sealed, aad).toString('utf8'))

/** What the event log records instead of the content: SHA-256 of nonce || ciphertext, hex. */
export const sealedDigest = (sealed: Sealed): string =>
  createHash('sha256').update(sealed.nonce).update(sealed.ciphertext).digest('hex')

/** The MAC'd part of a session row: chain head plus the fields a tamperer would want to change (state, time). */
export interface SessionHead {
  state: string
  seq: number
  hash: string
  allowedMs: number
  elapsedMs: number
}

export const headMac = (keys: SessionKeys, head: SessionHead): Buffer =>
  createHmac('sha256', keys.macKey)
    .update(
      canonicalJson({
        v: 1,
        session: keys.sessionId,
        state: head.state,
        seq: head.seq,
        hash: head.hash,
        allowedMs: head.allowedMs,
        elapsedMs: head.elapsedMs,
      }),
    )
    .digest()

export function headMacMatches(keys: SessionKeys, head: SessionHead, mac: Buffer): boolean {
  const expected = headMac(keys, head)
  return mac.length === expected.length && timingSafeEqual(mac, expected)
}
