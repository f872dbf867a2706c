import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { BundleTransport } from '../upload/bundleTransport'
import type { TransportOutcome } from '../upload/deliveryVerdict'
import { Outbox } from '../upload/outbox'
import type { RoomFetch } from './roomTransport'

/**
 * A linked station's results leave for the room as soon as they exist: each submitted session is exported (the
 * signed bundle, exactly as a USB export writes it, and the session is then `exported`) and queued in the station's
 * persistent outbox, which delivers it to the room's collection endpoint and retries until the room confirms. A
 * session graded by hand after its export (the grading desk) is exported again, and the room stores that later
 * bundle as the session's newest version. A round is bounded in time; what is not delivered waits in the outbox for
 * the next round, across restarts. USB export stays the fallback: the bundle file is kept in the data directory.
 */
export interface BundleCourierOptions {
  runtime: StationRuntime
  roomUrl: string
  /** The station's data directory: the outbox and the exported files live under it. */
  dataDir: string
  /** The room link's transport (the platform fetch, or pinned TLS on a LAN). */
  transport: RoomFetch
  /** How long one round may try to deliver. */
  roundMs?: number
}

export interface CourierRound {
  exported: string[]
  delivered: number
  pending: number
}

const REQUEST_MS = 15_000

/**
 * What the station owes the room, oldest first: sessions submitted and not exported yet, then exported sessions
 * whose log has events no exported bundle holds (a manual grade recorded since, or during, the last export).
 */
export function sessionsOwedToRoom(runtime: StationRuntime): string[] {
  const regraded = runtime.admin
    .sessionRows()
    .filter((row) => row.state === 'exported' && runtime.admin.changedSinceExport(row.sessionId))
    .map((row) => row.sessionId)
    .reverse()
  return [...runtime.sessions.submittedSessions(), ...regraded]
}

/** The outbox's transport over the room link's fetch (bundles are text: compact JWS or JWE). */
export function roomBundleTransport(fetch: RoomFetch, roomUrl: string): BundleTransport {
  const endpoint = `${roomUrl.replace(/\/+$/, '')}/room/v1`
  const send = async (bytes: Uint8Array): Promise<TransportOutcome> => {
    try {
      const response = await fetch(`${endpoint}/bundles`, {
        method: 'POST',
        headers: { 'content-type': 'application/jose', accept: 'application/json' },
        body: Buffer.from(bytes).toString('utf8'),
        signal: AbortSignal.timeout(REQUEST_MS),
      })
      const body = await response.json().then(
        (value) => JSON.stringify(value),
        () => '',
      )
      return { kind: 'response', status: response.status, body }
    } catch (error) {
      return { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? 'NETWORK', message: String(error) }
    }
  }
  return { endpoint, send, close: () => undefined }
}

export class BundleCourier {
  private readonly outbox: Outbox
  private readonly folder: string
  private readonly transport: BundleTransport

  constructor(private readonly options: BundleCourierOptions) {
    this.outbox = new Outbox(join(options.dataDir, 'outbox'))
    this.folder = join(options.dataDir, 'room-bundles')
    this.transport = roomBundleTransport(options.transport, options.roomUrl)
  }

  /** Exports what was submitted or graded since the last round, then delivers what the outbox holds, within roundMs. */
  async round(): Promise<CourierRound> {
    const { runtime } = this.options
    const exported: string[] = []
    for (const sessionId of sessionsOwedToRoom(runtime)) {
      await mkdir(this.folder, { recursive: true })
      const bundle = await runtime.exportBundle(sessionId, this.folder)
      await this.outbox.enqueue(bundle.file)
      exported.push(sessionId)
    }
    if ((await this.outbox.status()).pending === 0) return { exported, delivered: 0, pending: 0 }
    const summary = await this.outbox.run({
      transport: this.transport,
      maxAttempts: 1_000,
      backoff: { baseMs: 500, maxMs: 3_000 },
      signal: AbortSignal.timeout(this.options.roundMs ?? 10_000),
    })
    return { exported, delivered: summary.delivered, pending: summary.pending }
  }
}
