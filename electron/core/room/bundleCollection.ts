import { createHash, type KeyObject } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { systemClock, type Clock } from '../base/clock'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import { admitBundle, storeRefusal } from '../results/bundleAdmission'
import type { QuarantineCode, ResultsStore, StoredResult } from '../results/resultsStore'
import { isAdmitted } from './admissionRule'
import type { BundleCollected, BundleReceipt, BundleRefused } from '../protocol/roomMessages'
import { signBundleReceipt } from './bundleReceipt'
import type { RoomStore } from './roomStore'

/**
 * Bundles delivered to the room (by the station's upload outbox): judged by the same admission as `invigil results
 * import` (full verification, signed by a station this room admitted), stored in the room's results store, and
 * answered with a receipt signed by the room key. A refused bundle is quarantined (a row and a copy) and answered
 * 422 with the reason, which the outbox parks for an admin. A bundle from a station that joined and waits for a
 * proctor's approval is neither stored nor quarantined: 425 (too early), which the outbox retries, so the bundle
 * arrives once the station is approved. One bundle at a time, so two deliveries never race.
 */
export type CollectionReply =
  | { httpStatus: 200; body: BundleCollected }
  | { httpStatus: 422; body: BundleRefused<QuarantineCode> }
  | { httpStatus: 425; body: BundleRefused<'NOT_ADMITTED_YET'> }

export interface BundleCollectorOptions {
  room: RoomStore
  results: ResultsStore
  /** quarantine/ goes here. */
  dataDir: string
  sittingId: string
  roomPrivateKey: KeyObject
  clock?: Clock
}

export type BundleCollector = (bytes: Uint8Array) => Promise<CollectionReply>

export function createBundleCollector(options: BundleCollectorOptions): BundleCollector {
  const { room, results, roomPrivateKey, sittingId } = options
  const clock = options.clock ?? systemClock
  const now = (): string => new Date(clock.wallMs()).toISOString()

  /** The results store trusts exactly the stations this room admitted (their keys came in signed envelopes). */
  async function trustAdmitted(): Promise<void> {
    const trusted = new Set((await results.trustedStations()).map((s) => s.stationId))
    for (const station of room.stations())
      if (isAdmitted(station.admission) && !trusted.has(station.stationId))
        await results.addTrustedStation({
          stationId: station.stationId,
          publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: station.publicKey },
          ...(station.hostname ? { label: station.hostname } : {}),
          addedAt: now(),
        })
  }

  function accepted(sha256: string, status: 'imported' | 'duplicate', result: StoredResult): CollectionReply {
    const receivedAt = now()
    room.recordCollected({
      bundleSha256: sha256,
      stationId: result.stationId,
      sessionId: result.sessionId,
      examId: result.examId,
      candidateId: result.candidateId,
      status,
      receivedAt,
    })
    const receipt: BundleReceipt = {
      protocol: 'invigil-room/1',
      kind: 'bundle_receipt',
      sittingId,
      sha256,
      status,
      stationId: result.stationId,
      sessionId: result.sessionId,
      candidateId: result.candidateId,
      receivedAt,
    }
    return { httpStatus: 200, body: { sha256, status, receipt, signature: signBundleReceipt(receipt, roomPrivateKey) } }
  }

  async function refuse(sha256: string, bytes: Uint8Array, code: QuarantineCode, reason: string) {
    const dir = join(options.dataDir, 'quarantine')
    await mkdir(dir, { recursive: true })
    const file = join(dir, `${sha256.slice(0, 16)}-room-delivery.jws`)
    await writeFileAtomic(file, bytes, 0o600)
    await results.quarantine({ file, bundleSha256: sha256, code, reason, at: now() })
    return { httpStatus: 422 as const, body: { sha256, status: 'rejected' as const, code, reason } }
  }

  async function collect(bytes: Uint8Array): Promise<CollectionReply> {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    await trustAdmitted()
    const trustedStationKeys = (await results.trustedStations()).map((s) => s.publicKeyJwk)
    const admission = await admitBundle(bytes, sha256, { trustedStationKeys, importedAt: now() })
    if (!admission.ok) {
      const asking = room.stations().find((station) => station.stationId === admission.stationId)
      if (admission.code === 'FOREIGN_STATION' && asking?.admission === 'pending')
        return {
          httpStatus: 425 as const,
          body: {
            sha256,
            status: 'rejected' as const,
            code: 'NOT_ADMITTED_YET' as const,
            reason: `station ${asking.stationId} waits for a proctor's approval on the console; its bundle is taken once approved`,
          },
        }
      return refuse(sha256, bytes, admission.code, admission.reason)
    }
    const { result, eventLines } = admission
    const outcome = await results.storeResult({ result, bundle: bytes, eventLines: eventLines() })
    const refusal = storeRefusal(outcome, result)
    if (refusal) return refuse(sha256, bytes, refusal.code, refusal.reason)
    return accepted(sha256, outcome === 'duplicate' ? 'duplicate' : 'imported', result)
  }

  let queue: Promise<unknown> = Promise.resolve()
  return (bytes) => {
    const reply = queue.then(() => collect(bytes))
    queue = reply.catch(() => undefined)
    return reply
  }
}
