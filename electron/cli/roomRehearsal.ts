import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ed25519PublicKeyFromPem } from '../core/crypto/ed25519Keys'
import type { KeyProtector } from '../core/crypto/keyProtector'
import { answerKindOf } from '../core/delivery/formUnits'
import { keyAnswers } from '../core/rehearsal/rehearsalAnswers'
import { roomBundleTransport } from '../core/roomLink/bundleCourier'
import { RoomLink } from '../core/roomLink/roomLink'
import type { RoomFetch } from '../core/roomLink/roomTransport'
import { answerableUnitIds } from '../core/roomLink/seatStatus'
import { installSittingPackages } from '../core/runtime/installSitting'
import { openStationRuntime, type StationRuntime } from '../core/runtime/stationRuntime'
import type { VerifiedSitting } from '../core/sitting/sittingFile'
import { Outbox } from '../core/upload/outbox'
import { roomSittingLink } from '../core/roomLink/roomSittingSource'

/**
 * `invigil rehearse --room`: a headless station that sits the exam in a room, as a lab PC would. It fetches the
 * sitting from the room and trusts it only once the authority's signature checks out, installs the sitting's
 * package, links to the room for its seat, checks in the seat's rostered candidate, answers unit by unit at a
 * pace while obeying the room (pause waits, end stops), submits, exports, delivers the bundle through the outbox
 * and heartbeats once more so the room sees the seat submitted. Every wait is bounded and says when it gives up.
 */
export interface RoomRehearsalOptions {
  roomUrl: string
  /** The sitting as installed from a file (USB); without it, the room's (roomSittingSource.ts says whom it trusts). */
  sittingText?: string
  /** The seat to sit, or null for a spare PC on standby: it sits the first seat the room moves to it. */
  seat: string | null
  /** How long a spare waits for a seat to be moved to it. */
  standbyMs?: number
  dataDir: string
  protector: KeyProtector
  authorityPems: readonly string[]
  /** Between two answers. */
  paceMs: number
  /** Where the bundle is written (and the outbox keeps its copy). */
  outDir: string
  heartbeatMs?: number
  /** A pause longer than this gives up the run (the room never resumed). */
  maxPauseMs?: number
  /** How long delivery to the room may take, retries included. */
  deliverMs?: number
  /** One line per step, for the operator. */
  progress: (line: string) => void
}

export interface RoomRehearsalSummary {
  seat: string
  candidateId: string
  sessionId: string
  stationId: string
  /** Answers saved and acknowledged by the station's store, of the units the form has. */
  answered: number
  units: number
  /** The session ended by the room's `end` command before every unit was answered. */
  endedByRoom: boolean
  /** The highest room command sequence number this station settled. */
  lastCommandSeq: number
  bundleFile: string
  bundleSha256: string
  delivered: boolean
}

export class RoomRehearsalError extends Error {
  override readonly name = 'RoomRehearsalError'
  constructor(
    readonly code: 'SEAT_UNKNOWN' | 'PAUSED_TOO_LONG' | 'NOT_DELIVERED' | 'SESSION_STATE' | 'NO_SEAT_MOVED',
    message: string,
  ) {
    super(message)
  }
}

function seatOf(sitting: VerifiedSitting, seat: string) {
  const label = seat.toUpperCase()
  const candidate = sitting.payload.roster.find((entry) => entry.seat.toUpperCase() === label)
  if (!candidate)
    throw new RoomRehearsalError('SEAT_UNKNOWN', `sitting ${sitting.payload.id} seats no candidate at ${label}`)
  return { label, candidate }
}

/** Waits while the room holds the session paused; the state the session is in when it may go on. */
async function untilNotPaused(runtime: StationRuntime, sessionId: string, maxPauseMs: number): Promise<string> {
  const deadline = Date.now() + maxPauseMs
  for (;;) {
    const { state } = runtime.sessions.snapshot(sessionId)
    if (state !== 'paused') return state
    if (Date.now() > deadline)
      throw new RoomRehearsalError('PAUSED_TOO_LONG', `paused for over ${String(maxPauseMs / 1000)} s: gave up`)
    await sleep(100)
  }
}

/** Retries until delivered or parked, within the time given; true when the room confirmed it. */
async function deliver(
  outbox: Outbox,
  file: string,
  room: { url: string; fetch: RoomFetch },
  deliverMs: number,
): Promise<boolean> {
  const { sha256 } = await outbox.enqueue(file)
  // The room link's own transport: over https, the sitting's pin guards the bundle as it guards the heartbeats.
  await outbox.run({
    transport: roomBundleTransport(room.fetch, room.url),
    maxAttempts: 10_000,
    backoff: { baseMs: 500, maxMs: 3_000 },
    signal: AbortSignal.timeout(deliverMs),
  })
  const entry = (await outbox.status()).entries.find((e) => e.sha256 === sha256)
  return entry?.state === 'delivered'
}

/** The seat's rostered candidate checks in and starts. */
async function sitOwnSeat(
  runtime: StationRuntime,
  link: RoomLink,
  candidate: ReturnType<typeof seatOf>['candidate'],
  progress: (line: string) => void,
): Promise<string> {
  const { sessionId } = runtime.beginSession({
    candidateId: candidate.candidate_id,
    name: candidate.name,
    accommodations: {
      ...(candidate.extra_minutes === undefined ? {} : { extraMinutes: candidate.extra_minutes }),
      ...(candidate.extra_percent === undefined ? {} : { extraPercent: candidate.extra_percent }),
    },
  })
  runtime.sessions.start(sessionId)
  await link.tickOnce()
  progress(`candidate ${candidate.candidate_id} checked in and started: session ${sessionId}`)
  return sessionId
}

/** A spare waits for the room to move a seat here, then the candidate continues where the room's replica ends. */
async function takeOverMovedSeat(
  runtime: StationRuntime,
  link: RoomLink,
  standbyMs: number,
  progress: (line: string) => void,
): Promise<string> {
  progress(`standby: station ${runtime.station.stationId} waits for a seat to be moved here`)
  const deadline = Date.now() + standbyMs
  for (;;) {
    const sessionId = runtime.sessions.sessionHeads(1)[0]?.sessionId
    if (sessionId !== undefined && link.currentSeat() !== null) {
      const carried = runtime.sessions.snapshot(sessionId).answers.length
      runtime.sessions.start(sessionId)
      await link.tickOnce()
      progress(
        `took over seat ${link.currentSeat() ?? '?'}: session ${sessionId}, ${String(carried)} answers carried over`,
      )
      return sessionId
    }
    if (Date.now() > deadline)
      throw new RoomRehearsalError('NO_SEAT_MOVED', `no seat was moved here within ${String(standbyMs / 1000)} s`)
    await link.tickOnce()
    await sleep(250)
  }
}

export async function rehearseInRoom(options: RoomRehearsalOptions): Promise<RoomRehearsalSummary> {
  const { progress } = options
  const { sitting, transport } = await roomSittingLink({
    roomUrl: options.roomUrl,
    authorityPems: options.authorityPems,
    ...(options.sittingText === undefined ? {} : { sittingText: options.sittingText }),
  })
  const roomFetch = transport ?? (globalThis.fetch as RoomFetch)
  const seated = options.seat === null ? undefined : seatOf(sitting, options.seat)
  progress(
    `sitting ${sitting.payload.id} verified (authority ${sitting.header.kid}); seat ${seated?.label ?? 'none (spare)'}`,
  )
  const runtime = await openStationRuntime({ dataDir: options.dataDir, protector: options.protector })
  let link: RoomLink | undefined
  try {
    // The station's own install path for a sitting's packages; the rest of a sitting (roster, policy) is not needed here.
    const [info] = await installSittingPackages(runtime, sitting, options.authorityPems)
    if (!info) throw new Error(`sitting ${sitting.payload.id} holds no package`)
    progress(`station ${runtime.station.stationId}; exam ${info.id} installed`)
    link = new RoomLink({
      runtime,
      signer: runtime.stationSigner(),
      roomUrl: options.roomUrl,
      transport: roomFetch,
      sittingId: sitting.payload.id,
      roomKey: ed25519PublicKeyFromPem(sitting.payload.room.public_key),
      seat: seated?.label ?? null,
      heartbeatMs: options.heartbeatMs ?? 500,
      requestTimeoutMs: 3_000,
    })
    await link.start()
    progress(`room link: ${link.status().summary}`)
    const sessionId = seated
      ? await sitOwnSeat(runtime, link, seated.candidate, progress)
      : await takeOverMovedSeat(runtime, link, options.standbyMs ?? 10 * 60_000, progress)

    const maxPauseMs = options.maxPauseMs ?? 10 * 60_000
    const answers = keyAnswers(runtime.gradingBank(sessionId))
    const units = answerableUnitIds(runtime.candidateExam(sessionId))
    // Units answered on the PC the seat moved from stay as they were: the candidate does not redo them.
    const carried = new Set(runtime.sessions.snapshot(sessionId).answers.map((answer) => answer.unitId))
    let answered = carried.size
    let endedByRoom = false
    for (const unitId of units) {
      const response = answers.get(unitId)
      if (response === undefined || carried.has(unitId)) continue
      const state = await untilNotPaused(runtime, sessionId, maxPauseMs)
      if (state !== 'running') {
        endedByRoom = true
        break
      }
      runtime.sessions.saveAnswer(sessionId, unitId, response, answerKindOf(runtime.formUnit(sessionId, unitId)))
      answered++
      const seq = runtime.sessions.sessionHeads(100).find((head) => head.sessionId === sessionId)?.seq
      progress(`saved ${unitId} at event ${String(seq)}`)
      // Shipped now, not at the next heartbeat: the room's replica follows each commit.
      link.nudge()
      // A pace of 0 still yields, so the link's heartbeats (and the room's commands) come in between answers.
      await sleep(options.paceMs)
    }
    const state = await untilNotPaused(runtime, sessionId, maxPauseMs)
    if (state === 'running') runtime.sessions.submit(sessionId, 'candidate')
    else if (state !== 'submitted')
      throw new RoomRehearsalError('SESSION_STATE', `the session is ${state}, neither running nor submitted`)
    else endedByRoom = true
    progress(
      `${String(answered)} of ${String(units.length)} units answered; submitted${endedByRoom ? ' (ended by the room)' : ''}`,
    )
    await link.tickOnce()

    const bundle = await runtime.exportBundle(sessionId, options.outDir)
    progress(`bundle ${bundle.file} (sha256 ${bundle.sha256})`)
    const delivered = await deliver(
      new Outbox(join(options.dataDir, 'outbox')),
      bundle.file,
      { url: options.roomUrl, fetch: roomFetch },
      options.deliverMs ?? 180_000,
    )
    // The room sees the seat submitted, every acknowledgement and the whole log before the link stops.
    for (let tick = 0; tick < 20; tick++) {
      await link.tickOnce()
      if (link.status().state === 'connected' && link.status().pendingAcks === 0) break
      await sleep(500)
    }
    return {
      seat: link.currentSeat() ?? '',
      candidateId: runtime.sessions.snapshot(sessionId).candidate?.candidateId ?? '',
      sessionId,
      stationId: runtime.station.stationId,
      answered,
      units: units.length,
      endedByRoom,
      lastCommandSeq: runtime.sessions.roomNotices(sitting.payload.id).lastCommandSeq,
      bundleFile: bundle.file,
      bundleSha256: bundle.sha256,
      delivered,
    }
  } finally {
    await link?.stop()
    await runtime.close()
  }
}
