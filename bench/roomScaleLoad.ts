import { Agent, request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { systemClock } from '../electron/core/base/clock'
import { SimSessionLog, SimStation } from '../electron/core/room/testing/roomKit'

/**
 * The load side of the room scale benchmark: simulated stations, each with its own Ed25519 key, its own keep-alive
 * connection and a session log that grows by one sealed answer every 2 s. A commit is shipped at once, as the
 * station's room link does on every change: a signed heartbeat, then a signed log shipment from where the reply
 * says the room's replica ends. Its replication lag runs from the commit to the reply that acknowledges a shipment
 * holding it. Commits keep their own pace while a shipment is under way, so a slow room shows up as lag.
 */
export const COMMIT_EVERY_MS = 2000
const REQUEST_TIMEOUT_MS = 10_000

export interface LoadTarget {
  /** The base URL: the room (`/room/v1/<kind>`) or the echo server, which answers every path. */
  url: string
}

function postJson(agent: Agent, url: string, body: unknown): Promise<unknown> {
  const data = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          if (res.statusCode !== 200) reject(new Error(`HTTP ${String(res.statusCode)}: ${text.slice(0, 200)}`))
          else resolve(JSON.parse(text) as unknown)
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', reject)
    req.end(data)
  })
}

export class LoadStation {
  readonly sim: SimStation
  readonly log: SimSessionLog
  /** Replication lags in ms, one per acknowledged commit. */
  readonly lags: number[] = []
  errors = 0
  lastError = ''
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 })
  private readonly committedAt = new Map<number, number>()
  private acked = 0
  private shipping: Promise<void> | null = null
  private dirty = false
  private units = 0

  constructor(
    sittingId: string,
    private readonly target: LoadTarget,
    private readonly seat: string,
  ) {
    this.sim = new SimStation(sittingId, systemClock)
    this.log = new SimSessionLog(`ses_${this.sim.stationId}`)
    this.log.append('session_created', { session: this.log.sessionId })
    this.log.append('started')
  }

  /** Joins and ships the session's opening lines; not measured. */
  async open(): Promise<void> {
    await this.post('join', this.sim.join())
    await this.shipOnce()
  }

  /** One answer committed now, shipped at once (or right after the shipment under way). */
  commit(): void {
    this.log.answer(`q${String((this.units++ % 40) + 1)}`)
    this.committedAt.set(this.log.lines.length, performance.now())
    if (this.shipping) {
      this.dirty = true
      return
    }
    this.shipping = this.shipWhileDirty().finally(() => (this.shipping = null))
  }

  /** The shipment under way, if any, settles. */
  async settled(): Promise<void> {
    while (this.shipping) await this.shipping
  }

  /** Commits not yet acknowledged, as lags up to `nowMs`: a lower bound, so a stuck room still shows. */
  unacknowledged(nowMs: number): number[] {
    return [...this.committedAt.values()].map((at) => nowMs - at)
  }

  close(): void {
    this.agent.destroy()
  }

  private async shipWhileDirty(): Promise<void> {
    do {
      this.dirty = false
      try {
        await this.shipOnce()
      } catch (error) {
        this.errors++
        this.lastError = (error as Error).message
        // The next commit tries again; a failing target must not be hammered in a tight loop.
        return
      }
    } while (this.dirty)
  }

  private async shipOnce(): Promise<void> {
    const reply = (await this.post(
      'heartbeat',
      this.sim.heartbeat(this.seat, { heads: [this.log.head] }, this.log.sessionId),
    )) as {
      want?: { sessionId: string; fromSeq: number }[]
    }
    // The room names where its replica ends; the echo server only echoes, so the station's own mark stands in.
    const fromSeq = reply.want
      ? (reply.want.find((w) => w.sessionId === this.log.sessionId)?.fromSeq ?? this.log.lines.length + 1)
      : this.acked + 1
    if (fromSeq > this.log.lines.length) return
    const shipment = this.log.shipment(fromSeq)
    const logged = (await this.post('log', this.sim.envelope('log', shipment))) as { heldSeq?: unknown }
    const held = typeof logged.heldSeq === 'number' ? logged.heldSeq : fromSeq + shipment.lines.length - 1
    const now = performance.now()
    for (let seq = this.acked + 1; seq <= held; seq++) {
      const at = this.committedAt.get(seq)
      if (at === undefined) continue
      this.lags.push(now - at)
      this.committedAt.delete(seq)
    }
    this.acked = Math.max(this.acked, held)
  }

  private post(kind: 'join' | 'heartbeat' | 'log', body: unknown): Promise<unknown> {
    return postJson(this.agent, `${this.target.url}/room/v1/${kind}`, body)
  }
}

/**
 * Every station commits every 2 s from its own offset in the first 2 s, for `ms`; then the shipments under way
 * settle (bounded), so the next slice, on the other target, starts on a quiet loopback.
 */
export async function runSlice(stations: readonly LoadStation[], ms: number): Promise<void> {
  const start = performance.now()
  await Promise.all(
    stations.map(async (station) => {
      for (let next = start + Math.random() * COMMIT_EVERY_MS; next < start + ms; next += COMMIT_EVERY_MS) {
        const wait = next - performance.now()
        if (wait > 0) await sleep(wait)
        station.commit()
      }
    }),
  )
  await Promise.race([
    Promise.all(stations.map((s) => s.settled())),
    sleep(REQUEST_TIMEOUT_MS * 2, undefined, { ref: false }),
  ])
}
