import type { Clock } from '../base/clock'
import type { StationMessageKind } from '../protocol/roomMessages'
import { openStationEnvelope, RoomSignatureError, type SignedEnvelope } from '../protocol/roomSignature'
import { admissionOnFirstContact, freshness, isEnvelopeNonce, CLOCK_WINDOW_MS } from './admissionRule'
import type { RoomStore } from './roomStore'
import type { IncidentKind, RoomLayout, StationRecord } from './roomTypes'

/**
 * The door every station message comes through: its signature, its sitting, its clock window and its nonce, in that
 * order, then the station it is from (known, or admitted on first contact by the sitting's rule). What fails is
 * recorded as an incident; the room service sees only messages that passed.
 */
export interface Arrival {
  loopback: boolean
}

export interface Opened<K extends StationMessageKind> {
  ok: true
  signed: SignedEnvelope<K>
  station: StationRecord
}

export class StationMessageGate {
  constructor(
    private readonly store: RoomStore,
    private readonly layout: RoomLayout,
    private readonly clock: Clock,
    private readonly demo: boolean,
    private readonly incident: (kind: IncidentKind, stationId: string, sessionId: string, detail: string) => void,
  ) {}

  /** Signature, sitting, clock window, then nonce: a nonce is remembered only from a message its station signed. */
  open<K extends StationMessageKind>(
    value: unknown,
    kind: K,
    arrival: Arrival,
  ):
    | Opened<K>
    | {
        ok: false
        code: 'MALFORMED' | 'BAD_SIGNATURE' | 'WRONG_STATION' | 'WRONG_SITTING' | 'STALE' | 'REPLAYED'
        message: string
      } {
    const claimed = (value as { envelope?: { stationId?: unknown; kind?: unknown } } | null)?.envelope
    if (claimed?.kind !== kind) return { ok: false, code: 'MALFORMED', message: `not a ${kind} message` }
    let signed: SignedEnvelope<K>
    try {
      signed = openStationEnvelope(value, this.layout.sittingId) as SignedEnvelope<K>
    } catch (error) {
      if (!(error instanceof RoomSignatureError)) throw error
      if (error.code === 'BAD_SIGNATURE' || error.code === 'WRONG_STATION')
        this.incident('forged_message', String(claimed.stationId).slice(0, 64), '', error.message)
      return { ok: false, code: error.code, message: error.message }
    }
    const { envelope } = signed
    const nowMs = this.clock.wallMs()
    const fresh = freshness(envelope.sentAt, nowMs)
    if (!fresh.ok) {
      this.incident('stale_message', envelope.stationId, '', `a ${kind} message outside the clock window`)
      return { ok: false, code: 'STALE', message: fresh.reason }
    }
    if (!isEnvelopeNonce(envelope.nonce))
      return { ok: false, code: 'MALFORMED', message: 'the nonce is not 16 bytes of base64url' }
    if (!this.store.rememberNonce(envelope.stationId, envelope.nonce, fresh.sentAtMs, nowMs - CLOCK_WINDOW_MS)) {
      this.incident('replayed_message', envelope.stationId, '', `a ${kind} message sent again`)
      return { ok: false, code: 'REPLAYED', message: `nonce ${envelope.nonce} was seen already: a replayed message` }
    }
    return { ok: true, signed, station: this.stationOf(envelope.stationId, envelope.publicKey, arrival) }
  }

  private stationOf(stationId: string, publicKey: string, arrival: Arrival): StationRecord {
    const at = this.now()
    const known = this.store.station(stationId)
    if (known) {
      this.store.touchStation(stationId, at)
      return { ...known, lastSeen: at }
    }
    const decision = admissionOnFirstContact({
      stationId,
      listed: this.layout.stations,
      demo: this.demo,
      loopback: arrival.loopback,
    })
    const station: StationRecord = {
      stationId,
      publicKey,
      ...decision,
      hostname: '',
      appVersion: '',
      firstSeen: at,
      lastSeen: at,
    }
    this.store.insertStation(station)
    return station
  }

  private now(): string {
    return new Date(this.clock.wallMs()).toISOString()
  }
}
