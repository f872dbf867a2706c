import { randomBytes, type KeyObject } from 'node:crypto'
import { hostname as osHostname } from 'node:os'
import { z } from 'zod'
import type { Clock } from '../base/clock'
import { toBase64url } from '../crypto/base64url'
import type { StationSigner } from '../crypto/stationSigner'
import {
  ROOM_PROTOCOL,
  type HeartbeatReply,
  type SeatStatus,
  type StationEnvelope,
  type StationMessage,
  type StationMessageKind,
} from '../protocol/roomMessages'
import { signStationEnvelope } from '../protocol/roomSignature'
import type { StationRuntime } from '../runtime/stationRuntime'
import { CommandInbox } from './commandInbox'
import { LogShipper, MAX_SHIPMENTS_PER_TICK } from './logShipper'
import { postJson, type RoomFetch } from './roomTransport'
import { seatStatusOf } from './seatStatus'
import { SessionHandoff, type TakenOver } from './sessionHandoff'

/**
 * The station's link to the room (docs/room.md): it joins, then heartbeats on its own timer with the seat's status,
 * the chain heads and the acknowledgements of the commands it applied; it applies the commands each reply carries
 * (verified against the sitting's room key, once, in order) and ships the log ranges the room lacks. Stations stay
 * autonomous: nothing in the candidate's save path awaits this link, every request ends within its timeout, and a
 * room that is down only changes the link's own status; everything catches up when it returns.
 */
export interface RoomLinkOptions {
  runtime: StationRuntime
  /** The station's signing identity (runtime.stationSigner()). */
  signer: StationSigner
  /** The room's base URL, e.g. http://127.0.0.1:4750 (no trailing slash needed). */
  roomUrl: string
  sittingId: string
  /** The room's Ed25519 public key, as the sitting file names it. */
  roomKey: KeyObject
  /** This station's seat label, null before one is assigned, or asked each time (the checked-in candidate's). */
  seat: string | null | (() => string | null)
  /** Defaults to the runtime's clock. */
  clock?: Clock
  /** Defaults to the platform's fetch; tests pass one that can cut the link. */
  transport?: RoomFetch
  heartbeatMs?: number
  requestTimeoutMs?: number
  appVersion?: string
  hostname?: string
  /** A host that sees saves fail reports it here; otherwise lastSave is 'none' or 'ok' from the committed saves. */
  saveHealth?: () => SeatStatus['lastSave']
  /**
   * Told of each session taken over here (again on each heartbeat until the room sees it here, so it must be
   * idempotent): a host makes it the candidate desk's, so the candidate at the spare continues it.
   */
  onSessionMovedHere?: (taken: TakenOver) => void
}

export interface RoomLinkStatus {
  state: 'stopped' | 'connecting' | 'connected' | 'unreachable'
  admission: HeartbeatReply['admission'] | 'unknown'
  /** When the current run of failed requests began (ISO); null while the room answers. */
  unreachableSince: string | null
  lastError: string | null
  /** When the room last answered (ISO). */
  lastContactAt: string | null
  /** Acknowledgements waiting for the next heartbeat that reaches the room. */
  pendingAcks: number
  /** One line for the proctor: "connected", "room unreachable since …". */
  summary: string
}

/** The protocol's HeartbeatReply (and JoinReply), checked; each command is verified on its own when applied. */
const replySchema = z.object({
  admission: z.enum(['admitted', 'pending', 'refused']),
  commands: z.array(z.unknown()).max(1000),
  want: z.array(z.object({ sessionId: z.string().min(1).max(200), fromSeq: z.number().int().positive() })).max(100),
  roomTime: z.string(),
  escrowKey: z.object({ publicKey: z.string().max(64), signature: z.string().max(200) }).optional(),
  handovers: z.array(z.unknown()).max(10).optional(),
}) satisfies z.ZodType<Omit<HeartbeatReply, 'commands'> & { commands: unknown[] }>

export class RoomLink {
  private readonly options: RoomLinkOptions
  private readonly clock: Clock
  private readonly transport: RoomFetch
  private readonly heartbeatMs: number
  private readonly timeoutMs: number
  private readonly shipper: LogShipper
  private readonly handoff: SessionHandoff
  /** The seat of a session moved here; it wins over the station's own. */
  private movedSeat: string | null = null
  private readonly inbox: CommandInbox
  private joined = false
  /** A nudged tick waits to start: further nudges join it (it reads the heads when it starts). */
  private nudged = false
  private running = false
  private timer: NodeJS.Timeout | undefined
  /** Ticks run one after another on this chain: the timer's and tickOnce()'s never overlap. */
  private chain: Promise<void> = Promise.resolve()
  private current: Omit<RoomLinkStatus, 'pendingAcks' | 'summary'> = {
    state: 'stopped',
    admission: 'unknown',
    unreachableSince: null,
    lastError: null,
    lastContactAt: null,
  }

  constructor(options: RoomLinkOptions) {
    this.options = options
    this.clock = options.clock ?? options.runtime.clock
    this.transport = options.transport ?? (globalThis.fetch as RoomFetch)
    this.heartbeatMs = options.heartbeatMs ?? 2000
    this.timeoutMs = options.requestTimeoutMs ?? 5000
    this.shipper = new LogShipper(options.runtime)
    this.inbox = new CommandInbox(options.runtime)
    const { runtime, signer, sittingId, roomKey } = options
    this.handoff = new SessionHandoff({ runtime, signer, sittingId, roomKey })
  }

  /** The seat the link reports and obeys commands for (it changes when a moved session is taken over here). */
  currentSeat(): string | null {
    if (this.movedSeat !== null) return this.movedSeat
    const { seat } = this.options
    return typeof seat === 'function' ? seat() : seat
  }

  /** Starts the link: the first tick (join, heartbeat) now, then one every heartbeatMs after the last one ended. */
  start(): Promise<void> {
    if (this.running) return this.chain
    this.running = true
    if (this.current.state === 'stopped') this.current.state = 'connecting'
    const first = this.tickOnce()
    void first.then(() => this.schedule())
    return first
  }

  /** Stops the timer; resolves when the request in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    this.timer = undefined
    await this.chain
    this.current.state = 'stopped'
  }

  /** One tick (join if needed, heartbeat, apply commands, ship logs), after any tick still running. Never throws. */
  tickOnce(): Promise<void> {
    this.chain = this.chain.then(() => this.tick())
    return this.chain
  }

  /**
   * After a commit: report and ship it now rather than at the next heartbeat. A tick running now may have read the
   * heads before the commit, so one more is queued behind it; nudges while that one waits join it.
   */
  nudge(): void {
    if (!this.running || this.nudged) return
    this.nudged = true
    void this.tickOnce()
  }

  status(): RoomLinkStatus {
    const s = this.current
    const summary =
      s.state === 'unreachable'
        ? `room unreachable since ${s.unreachableSince ?? '?'}`
        : s.state === 'connected'
          ? `connected (${s.admission})`
          : s.state
    return { ...s, pendingAcks: this.inbox.pending, summary }
  }

  private schedule(): void {
    if (!this.running) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.tickOnce().then(() => this.schedule())
    }, this.heartbeatMs)
  }

  private async tick(): Promise<void> {
    this.nudged = false
    try {
      if (!this.joined) {
        await this.send('join', {
          hostname: this.options.hostname ?? osHostname(),
          appVersion: this.appVersion(),
          handoverKey: this.handoff.handoverPublicKey(),
        })
        this.joined = true
      }
      const reply = await this.heartbeat()
      this.handoff.noteEscrowKey(reply.escrowKey)
      // Kept to the end of the tick: a later request that succeeds would otherwise clear it before anyone sees it.
      let refused: string | null = null
      const report = (problem: string): void => void (refused = problem)
      for (const taken of this.handoff.takeOver(reply.handovers ?? [], report)) {
        this.movedSeat = taken.seat
        this.options.onSessionMovedHere?.(taken)
      }
      this.applyCommands(reply.commands)
      this.shipper.noteWant(reply.want)
      await this.shipLogs()
      if (refused !== null) this.current.lastError = refused
    } catch (error) {
      this.failed(error)
    }
  }

  private async heartbeat(): Promise<HeartbeatReply> {
    const { runtime, sittingId, saveHealth } = this.options
    const seat = this.currentSeat()
    const acks = this.inbox.outgoing()
    const raw = await this.send('heartbeat', {
      status: seatStatusOf(runtime, seat, saveHealth),
      heads: runtime.sessions.sessionHeads(100),
      lastCommandSeq: runtime.sessions.roomNotices(sittingId).lastCommandSeq,
      acks,
    })
    const parsed = replySchema.safeParse(raw)
    if (!parsed.success) throw new Error('the room answered a heartbeat with something that is not a reply')
    // Delivered: these acknowledgements need not be sent again.
    this.inbox.delivered(acks)
    this.current.admission = parsed.data.admission
    return parsed.data as HeartbeatReply
  }

  private applyCommands(commands: readonly unknown[]): void {
    const { roomKey, sittingId } = this.options
    const trust = { roomKey, sittingId, seat: this.currentSeat() }
    const failure = this.inbox.apply(commands, trust, () => this.nowIso())
    if (failure !== null) this.current.lastError = failure
  }

  private async shipLogs(): Promise<void> {
    for (let sent = 0; sent < MAX_SHIPMENTS_PER_TICK; sent++) {
      const shipment = this.shipper.next(this.options.runtime.sessions.sessionHeads(100))
      if (!shipment) return
      await this.send('log', this.handoff.decorate(shipment))
      this.shipper.accepted(shipment)
    }
  }

  private async send<K extends StationMessageKind>(kind: K, message: StationMessage<K>): Promise<unknown> {
    const { signer, sittingId, roomUrl } = this.options
    const envelope: StationEnvelope<K> = {
      protocol: ROOM_PROTOCOL,
      kind,
      sittingId,
      stationId: signer.stationId,
      publicKey: signer.publicKeyJwk.x,
      sentAt: this.nowIso(),
      nonce: toBase64url(randomBytes(16)),
      message,
    }
    const body = signStationEnvelope(envelope, (data) => signer.sign(data))
    const reply = await postJson(this.transport, `${roomUrl.replace(/\/+$/, '')}/room/v1/${kind}`, body, this.timeoutMs)
    this.current = {
      ...this.current,
      state: 'connected',
      unreachableSince: null,
      lastError: null,
      lastContactAt: this.nowIso(),
    }
    return reply
  }

  private failed(error: unknown): void {
    this.current = {
      ...this.current,
      state: 'unreachable',
      unreachableSince: this.current.unreachableSince ?? this.nowIso(),
      lastError: (error as Error).message,
    }
  }

  private appVersion(): string {
    return (this.options.appVersion ?? process.env.npm_package_version ?? 'unknown').slice(0, 50)
  }

  private nowIso(): string {
    return new Date(this.clock.wallMs()).toISOString()
  }
}
