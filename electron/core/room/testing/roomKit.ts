import { generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { ManualClock, type Clock } from '../../base/clock'
import { chainHash, eventLine, GENESIS_HASH } from '../../base/eventChain'
import type { SessionEvent } from '../../base/eventChain'
import { toBase64url } from '../../crypto/base64url'
import { ed25519KeyId, rawEd25519PublicKey, spkiPem } from '../../crypto/ed25519Keys'
import { ROOM_PROTOCOL } from '../../protocol/roomMessages'
import type { LogShipment, StationEnvelope, StationMessage, StationMessageKind } from '../../protocol/roomMessages'
import { signStationEnvelope } from '../../protocol/roomSignature'
import type { SignedEnvelope } from '../../protocol/roomSignature'
import type { VerifiedSitting } from '../../sitting/sittingFile'
import { SPEC, sittingKit } from '../../sitting/testing/sittingKit'
import { sealedRowDigest } from '../shipmentCheck'

/**
 * Test support for the room: a signed sitting naming a fresh room key (and, if asked, the stations it expects),
 * and stations simulated by their own Ed25519 keys that sign envelopes as a real station would, so a test can
 * also forge, edit and replay them.
 */
export interface RoomKit {
  sitting: VerifiedSitting
  text: string
  authorityPublicKeyPem: string
  roomKey: { publicKey: KeyObject; privateKey: KeyObject }
  clock: ManualClock
  dir: string
}

/** During the sitting's window (the kit's sitting opens 2026-11-23 09:00 +08:00). */
export const IN_WINDOW_MS = Date.parse('2026-11-23T01:10:00.000Z')

export async function roomKit(
  options: {
    stationIds?: readonly string[]
    tlsSha256?: string
    /** The sitting's seats as spec YAML (the `seats:` block), for a room laid out otherwise than the kit's. */
    seatsYaml?: string
  } = {},
): Promise<RoomKit> {
  const kit = await sittingKit()
  const roomKey = generateKeyPairSync('ed25519')
  kit.write('room.pub.pem', spkiPem(roomKey.publicKey))
  let spec = SPEC
  if (options.tlsSha256) spec = spec.replace(/tls_sha256: .*\n/, `tls_sha256: "${options.tlsSha256}"\n`)
  if (options.seatsYaml) spec = spec.replace(/seats:\n(?: {2}.*\n)+/, options.seatsYaml)
  if (options.stationIds) spec += `stations:\n${options.stationIds.map((id) => `  - "${id}"\n`).join('')}`
  kit.write('sitting.yaml', spec)
  const built = await kit.build()
  if (!built.text || !built.sitting)
    throw new Error(`the kit's sitting did not build: ${JSON.stringify(built.diagnostics)}`)
  return {
    sitting: built.sitting,
    text: built.text,
    authorityPublicKeyPem: kit.authority.publicKeyPem,
    roomKey,
    clock: new ManualClock(0, IN_WINDOW_MS),
    dir: kit.dir,
  }
}

export interface StationKeys {
  publicKey: KeyObject
  privateKey: KeyObject
}

/** A station key pair and the id it derives, before there is a sitting to list it in. */
export function stationKeys(): StationKeys & { stationId: string } {
  const keys = generateKeyPairSync('ed25519')
  return { ...keys, stationId: ed25519KeyId(rawEd25519PublicKey(keys.publicKey)) }
}

export class SimStation {
  readonly stationId: string
  readonly publicKey: string

  constructor(
    private readonly sittingId: string,
    /** A test's ManualClock, or the system clock for stations that talk to a real room (the scale benchmark). */
    private readonly clock: Pick<Clock, 'wallMs'>,
    readonly keys: StationKeys = generateKeyPairSync('ed25519'),
  ) {
    this.stationId = ed25519KeyId(rawEd25519PublicKey(keys.publicKey))
    this.publicKey = toBase64url(rawEd25519PublicKey(keys.publicKey))
  }

  envelope<K extends StationMessageKind>(
    kind: K,
    message: StationMessage<K>,
    over: Partial<StationEnvelope<K>> = {},
  ): SignedEnvelope<K> {
    const envelope = {
      protocol: ROOM_PROTOCOL,
      kind,
      sittingId: this.sittingId,
      stationId: this.stationId,
      publicKey: this.publicKey,
      sentAt: new Date(this.clock.wallMs()).toISOString(),
      nonce: toBase64url(randomBytes(16)),
      message,
      ...over,
    } as StationEnvelope<K>
    return signStationEnvelope(envelope, (data) => sign(null, data, this.keys.privateKey))
  }

  join(): SignedEnvelope<'join'> {
    return this.envelope('join', { hostname: `pc-${this.stationId.slice(0, 4)}`, appVersion: '0.1.0' })
  }

  heartbeat(
    seat: string | null,
    over: Partial<StationMessage<'heartbeat'>> = {},
    sessionId: string | null = null,
  ): SignedEnvelope<'heartbeat'> {
    return this.envelope('heartbeat', {
      status: {
        seat,
        candidateId: null,
        sessionId,
        state: sessionId ? 'running' : 'idle',
        answered: 0,
        total: 10,
        remainingMs: sessionId ? 600_000 : null,
        lastSave: 'ok',
        incidents: 0,
        environment: 'passed',
      },
      heads: [],
      lastCommandSeq: 0,
      acks: [],
      ...over,
    })
  }
}

/** A session log as a station keeps it: canonical event lines, their chain, and the sealed rows answers cite. */
export class SimSessionLog {
  readonly lines: string[] = []
  readonly hashes: string[] = []
  readonly sealed: LogShipment['sealedAnswers'] = []
  private revisions = new Map<string, number>()

  constructor(readonly sessionId: string) {}

  get head(): { sessionId: string; seq: number; hash: string } {
    return { sessionId: this.sessionId, seq: this.lines.length, hash: this.hashes.at(-1) ?? GENESIS_HASH }
  }

  append(type: SessionEvent['type'], data: SessionEvent['data'] = {}): void {
    const seq = this.lines.length + 1
    const line = eventLine({ seq, type, at: new Date(Date.UTC(2026, 10, 23, 1, 0, seq)).toISOString(), data })
    this.lines.push(line)
    this.hashes.push(chainHash(this.hashes.at(-1) ?? GENESIS_HASH, line))
  }

  /** An answer saved: a sealed row (random bytes stand in for the ciphertext) and its answer_saved event. */
  answer(unitId: string): void {
    const revision = (this.revisions.get(unitId) ?? 0) + 1
    this.revisions.set(unitId, revision)
    const row = {
      unitId,
      revision,
      keyId: 'key_1',
      nonce: toBase64url(randomBytes(12)),
      ciphertext: toBase64url(randomBytes(40)),
      savedAt: '2026-11-23T01:05:00.000Z',
    }
    this.sealed.push(row)
    this.append('answer_saved', { item: unitId, revision, ct: sealedRowDigest(row) ?? '' })
  }

  /** Lines fromSeq..toSeq (1-based, inclusive) and the rows they cite. */
  shipment(fromSeq: number, toSeq = this.lines.length): LogShipment {
    const lines = this.lines.slice(fromSeq - 1, toSeq)
    const cited = new Set(
      lines
        .map((line) => JSON.parse(line) as SessionEvent)
        .filter((event) => event.type === 'answer_saved')
        .map((event) => `${String(event.data.item)}#${String(event.data.revision)}`),
    )
    return {
      sessionId: this.sessionId,
      fromSeq,
      lines,
      hashes: this.hashes.slice(fromSeq - 1, toSeq),
      sealedAnswers: this.sealed.filter((row) => cited.has(`${row.unitId}#${String(row.revision)}`)),
    }
  }
}
