import { ed25519PublicKeyFromPem } from '../crypto/ed25519Keys'
import type { StationRuntime } from '../runtime/stationRuntime'
import { pinnedTlsFetch } from './pinnedTlsFetch'
import { RoomLink, type RoomLinkOptions } from './roomLink'

/**
 * The room link of a station set up from a sitting file (the kiosk app, the browser host): the room key and sitting
 * come from the sitting installed on this station, never from the network, and the seat is the one the sitting's
 * roster gives the candidate checked in here, so a station needs no seat of its own: the proctor checks a candidate
 * in and the room sees that seat fill. Undefined when no sitting is installed.
 */
export interface SittingLinkOptions {
  /** The room's URL as `invigil room serve` prints it: loopback http, or https pinned by the sitting on a LAN. */
  roomUrl: string
  transport?: RoomLinkOptions['transport']
  heartbeatMs?: number
  appVersion?: string
  onSessionMovedHere?: RoomLinkOptions['onSessionMovedHere']
}

export function sittingRoomLink(runtime: StationRuntime, options: SittingLinkOptions): RoomLink | undefined {
  const sitting = runtime.admin.sitting.get()
  if (!sitting) return undefined
  const seatHere = (): string | null => {
    const candidateId = runtime.sessions.currentSeat()?.candidateId
    return candidateId ? (runtime.admin.roster.find(candidateId)?.seat ?? null) : null
  }
  // Over https the sitting's pin is the only trust; without a pin there is no https link (no trust on first use).
  const https = options.roomUrl.startsWith('https:')
  if (https && !sitting.room.tlsSha256) {
    throw new Error(`the installed sitting pins no room certificate (room.tls_sha256): ${options.roomUrl} is refused`)
  }
  const transport =
    options.transport ?? (https && sitting.room.tlsSha256 ? pinnedTlsFetch(sitting.room.tlsSha256) : undefined)
  return new RoomLink({
    runtime,
    signer: runtime.stationSigner(),
    roomUrl: options.roomUrl,
    sittingId: sitting.id,
    roomKey: ed25519PublicKeyFromPem(sitting.room.publicKeyPem),
    seat: seatHere,
    heartbeatMs: options.heartbeatMs ?? 1000,
    ...(transport ? { transport } : {}),
    ...(options.appVersion ? { appVersion: options.appVersion } : {}),
    ...(options.onSessionMovedHere ? { onSessionMovedHere: options.onSessionMovedHere } : {}),
  })
}
