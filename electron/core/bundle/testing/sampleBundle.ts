import { generateKeyPairSync, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { bankSchema } from '../../bank/schema'
import { ed25519KeyId, ed25519PublicJwk, rawEd25519PublicKey, spkiPem } from '../../crypto/ed25519Keys'
import type { StationSigner } from '../../crypto/stationSigner'
import { gradeResponses } from '../../grading/grade'
import { eventLine } from '../../base/eventChain'
import type { SessionEvent } from '../../base/eventChain'
import type { ResultBundleInput } from '../bundleWriter'

/** Test support: a station signer over a fresh node:crypto Ed25519 key, and a small but complete session. */
export interface TestStation extends StationSigner {
  publicKeyPem: string
  publicKey: KeyObject
}

export function createTestStation(): TestStation {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  return {
    stationId: ed25519KeyId(rawEd25519PublicKey(publicKey)),
    publicKeyJwk: ed25519PublicJwk(publicKey),
    publicKeyPem: spkiPem(publicKey),
    publicKey,
    sign: (data) => sign(null, data, privateKey),
  }
}

export const SAMPLE_SESSION_ID = 'sess-1'

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString()

export function sampleEvents(sessionId = SAMPLE_SESSION_ID): SessionEvent[] {
  return [
    { seq: 1, type: 'session_created', at: at(0), data: { session: sessionId } },
    { seq: 2, type: 'started', at: at(1), data: {} },
    { seq: 3, type: 'answer_saved', at: at(2), data: { item: 'q1', revision: 1 } },
    { seq: 4, type: 'answer_saved', at: at(3), data: { item: 'q1', revision: 2 } },
    { seq: 5, type: 'answer_saved', at: at(4), data: { item: 'q2', revision: 1 } },
    { seq: 6, type: 'submitted', at: at(5), data: { reason: 'candidate' } },
  ]
}

export const sampleEventLines = (sessionId = SAMPLE_SESSION_ID): string[] => sampleEvents(sessionId).map(eventLine)

const sampleBank = bankSchema.parse({
  format: 'invigil-bank/1',
  id: 'cert-2026',
  title: '認證試題',
  language: 'zh-Hant',
  duration_minutes: 60,
  pass_mark: 2,
  sections: [
    {
      id: 's1',
      title: '單選題',
      items: [
        { id: 'q1', type: 'single', stem: '?', points: 2, options: { A: 'a', B: 'b' }, key: 'B' },
        { id: 'q2', type: 'short_answer', stem: '?', points: 6 },
      ],
    },
  ],
})

export function sampleBundleInput(sessionId = SAMPLE_SESSION_ID): ResultBundleInput {
  const responses = [
    { item: 'q1', value: 'B', revision: 2, saved_at: at(3) },
    { item: 'q2', value: '先傾聽', revision: 1, saved_at: at(4) },
  ]
  return {
    exam: { id: sampleBank.id, title: sampleBank.title, package_hash: 'ab'.repeat(32) },
    candidate: { id: 'C-001', name: '王小明' },
    session: { id: sessionId, created_at: at(0), started_at: at(1), submitted_at: at(5), submit_reason: 'candidate' },
    timing: {
      allowed_ms: 3_900_000,
      elapsed_ms: 240_000,
      extensions: [{ minutes: 5, reason: 'fire alarm', at: at(2) }],
      accommodations: {},
    },
    responses,
    flags: ['q2'],
    scores: gradeResponses(
      sampleBank,
      Object.fromEntries(responses.map((response) => [response.item, response.value])),
    ),
    exported_at: at(6),
  }
}
