import { setTimeout as sleep } from 'node:timers/promises'
import { pinnedTlsFetch, pinnedTlsGet, RoomPinMismatchError, tlsGetNamingCertificate } from './pinnedTlsFetch'
import type { RoomFetch } from './roomTransport'
import { verifySitting, type VerifiedSitting } from '../sitting/sittingFile'

/**
 * Where a station gets its sitting from the room (`rehearse --room`, `host --room`, the admin console's Install from
 * the room), and how it then talks to the room. Over loopback
 * http the sitting comes from the room and the authority's signature is the trust. Over https the sitting's pin
 * (room.tls_sha256) is the only trust for the link, as on a kiosk station: a sitting given as a file (from a USB
 * stick) pins the certificate before any contact, and a room presenting another one gets no request at all; a
 * sitting fetched from the room is trusted only if the authority signed it and it pins the very certificate that
 * served it. Either way a wrong certificate stops the station before it sends anything of its own.
 */
export class RoomSittingError extends Error {
  override readonly name = 'RoomSittingError'
  constructor(
    readonly code: 'ROOM_UNREACHABLE' | 'ROOM_NOT_PINNED',
    message: string,
  ) {
    super(message)
  }
}

export interface RoomSittingSource {
  roomUrl: string
  authorityPems: readonly string[]
  /** The sitting as installed from a file; without it, the sitting the room serves. */
  sittingText?: string
  /** How long the room may take to answer (it may still be starting). */
  waitMs?: number
}

export interface RoomSittingLink {
  sitting: VerifiedSitting
  /** The sitting file's text as verified: the one given, or the one the room served. */
  text: string
  /** The link's transport: pinned TLS over https, the platform fetch (undefined) over http. */
  transport: RoomFetch | undefined
}

const base = (url: string): string => url.replace(/\/+$/, '')

interface SittingReply {
  status: number
  text: string
  certificateSha256: string | null
}

async function getSitting(source: RoomSittingSource, pin: string | null): Promise<SittingReply> {
  const url = `${base(source.roomUrl)}/room/v1/sitting`
  const signal = AbortSignal.timeout(10_000)
  if (!source.roomUrl.startsWith('https:')) {
    const response = await fetch(url, { signal })
    return { status: response.status, text: await response.text(), certificateSha256: null }
  }
  return pin === null ? tlsGetNamingCertificate(url, signal) : pinnedTlsGet(url, pin, signal)
}

/** Asks until the room answers (it may still be starting); a certificate the pin refuses ends it at once. */
async function askRoom(source: RoomSittingSource, pin: string | null): Promise<SittingReply> {
  const deadline = Date.now() + (source.waitMs ?? 60_000)
  let last = ''
  while (Date.now() < deadline) {
    try {
      const reply = await getSitting(source, pin)
      if (reply.status === 200) return reply
      last = `HTTP ${String(reply.status)}`
    } catch (error) {
      if (error instanceof RoomPinMismatchError)
        throw new RoomSittingError('ROOM_NOT_PINNED', `${source.roomUrl} is refused: ${error.message}`)
      last = (error as Error).message
    }
    await sleep(500)
  }
  throw new RoomSittingError('ROOM_UNREACHABLE', `no sitting from ${source.roomUrl}/room/v1/sitting: ${last}`)
}

export async function roomSittingLink(source: RoomSittingSource): Promise<RoomSittingLink> {
  const https = source.roomUrl.startsWith('https:')
  const given =
    source.sittingText === undefined ? undefined : await verifySitting(source.sittingText, source.authorityPems)
  const givenPin = given?.payload.room.tls_sha256 ?? null
  if (https && given && givenPin === null)
    throw new RoomSittingError(
      'ROOM_NOT_PINNED',
      `the sitting pins no room certificate (room.tls_sha256): ${source.roomUrl} is refused`,
    )
  const reply = await askRoom(source, givenPin)
  const sitting = given ?? (await verifySitting(reply.text, source.authorityPems))
  const text = source.sittingText ?? reply.text
  if (!https) return { sitting, text, transport: undefined }
  const pin = sitting.payload.room.tls_sha256
  if (pin === undefined || pin !== reply.certificateSha256)
    throw new RoomSittingError(
      'ROOM_NOT_PINNED',
      `${source.roomUrl} presents certificate ${reply.certificateSha256 ?? '?'}, but its sitting pins ${pin ?? 'none'}: refused`,
    )
  return { sitting, text, transport: pinnedTlsFetch(pin) }
}

/** The sitting file's text from the room, checked as roomSittingLink checks it: what the hosts give the admin API. */
export async function sittingTextFromRoom(roomUrl: string, authorityPems: readonly string[]): Promise<string> {
  return (await roomSittingLink({ roomUrl, authorityPems, waitMs: 5_000 })).text
}
