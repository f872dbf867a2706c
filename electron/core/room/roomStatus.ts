import { isAdmitted } from './admissionRule'
import { appliedLateBySeconds } from './commandLateness'
import { targetsSeat } from './roomLayout'
import type { RoomStore } from './roomStore'
import type { RoomLayout, RoomStatus, SeatMoveView, SeatView } from './roomTypes'
import { spareRefusal } from './seatMoves'

/**
 * The room at a glance, from its store alone (so `invigil room status` can print it beside a running server): each
 * seat as the sitting lays it out with its candidate, the station heard there and how long ago, the commands it
 * applied (and how late, commandLateness.ts) or still owes, whether its bundle is in and any rollback flag; then pending stations, sessions, incidents and counts, seat
 * moves and the stations a seat can move to, and the incident reports staff wrote.
 */
const secondsSince = (iso: string, nowMs: number): number => Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000))

export function buildRoomStatus(store: RoomStore, layout: RoomLayout, nowMs: number): RoomStatus {
  const stations = store.stations()
  const admitted = new Map(stations.filter((s) => isAdmitted(s.admission)).map((s) => [s.stationId, s]))
  // The newest status per seat wins when two stations claim one (a moved seat, a mistake): the console shows it.
  const bySeat = new Map<string, ReturnType<RoomStore['statuses']>[number]>()
  const seatOfStation = new Map<string, string | null>()
  for (const entry of store.statuses()) {
    seatOfStation.set(entry.stationId, entry.status.seat)
    if (!admitted.has(entry.stationId) || entry.status.seat === null) continue
    const current = bySeat.get(entry.status.seat)
    if (!current || current.receivedAt < entry.receivedAt) bySeat.set(entry.status.seat, entry)
  }
  const commands = store.commandsAfter(0).map((signed) => signed.command)
  const acks = store.acks()
  // A bundle counts for a candidate only when it is of the exam the sitting gives them.
  const bundles = store.collected()
  const isCollected = (c: RoomLayout['roster'][number]): boolean =>
    bundles.some((b) => b.candidateId === c.candidateId && (c.examId === undefined || b.examId === c.examId))
  const candidateAt = new Map(layout.roster.map((c) => [c.seat, c]))
  const rollbacks = store.rollbacks.all()

  const seats: SeatView[] = layout.seats.map(({ label, row, column }) => {
    const heard = bySeat.get(label)
    const stationId = heard?.stationId ?? null
    const mine = commands.filter((command) => targetsSeat(command.target, label))
    const acked = new Map(acks.filter((ack) => ack.stationId === stationId).map((ack) => [ack.seq, ack] as const))
    const answered = new Map([...acked].map(([seq, ack]) => [seq, ack.outcome] as const))
    const candidate = candidateAt.get(label)
    return {
      label,
      row,
      column,
      candidate: candidate ? { candidateId: candidate.candidateId, name: candidate.name } : null,
      stationId,
      status: heard?.status ?? null,
      secondsSinceHeard:
        heard && stationId ? secondsSince(admitted.get(stationId)?.lastSeen ?? heard.receivedAt, nowMs) : null,
      commands: {
        applied: mine.filter((c) => ['applied', 'already_applied'].includes(answered.get(c.seq) ?? '')).length,
        refused: mine.filter((c) => answered.get(c.seq) === 'refused').length,
        pending: mine.filter((c) => !answered.has(c.seq)).map((c) => c.seq),
        late: mine.flatMap((c) => {
          const ack = acked.get(c.seq)
          const seconds = ack && ack.outcome !== 'refused' ? appliedLateBySeconds(c.issuedAt, ack) : null
          return seconds === null ? [] : [{ seq: c.seq, lateBySeconds: seconds }]
        }),
      },
      collected: candidate !== undefined && isCollected(candidate),
      rollbacks: rollbacks.filter(
        (flag) => flag.seat === label || (stationId !== null && flag.stationId === stationId),
      ),
    }
  })

  return {
    sittingId: layout.sittingId,
    title: layout.title,
    roomTime: new Date(nowMs).toISOString(),
    seats,
    stations: [...admitted.values()].map((station) => ({
      ...station,
      seat: seatOfStation.get(station.stationId) ?? null,
      secondsSinceHeard: secondsSince(station.lastSeen, nowMs),
      rollbacks: rollbacks.filter((flag) => flag.stationId === station.stationId),
    })),
    pending: stations.filter((s) => s.admission === 'pending'),
    sessions: store.replicas.all().map(({ sessionId, stationId, headSeq, reportedSeq }) => ({
      sessionId,
      stationId,
      heldSeq: headSeq,
      reportedSeq,
    })),
    incidents: store.incidents(),
    commands: commands.map((c) => ({
      seq: c.seq,
      cmdId: c.cmdId,
      action: c.action,
      target: 'all' in c.target ? 'all' : c.target.seats.join(' '),
      issuedAt: c.issuedAt,
      staffId: c.staffId,
    })),
    collected: collectedCounts(layout, isCollected),
    moves: seatMoves(store),
    spares: [...admitted.keys()].filter((stationId) => spareRefusal(store, stationId) === null),
    reports: store.reports.all(),
  }
}

function collectedCounts(
  layout: RoomLayout,
  isCollected: (candidate: RoomLayout['roster'][number]) => boolean,
): RoomStatus['collected'] {
  const count = (roster: RoomLayout['roster']) => ({
    collected: roster.filter(isCollected).length,
    expected: roster.length,
  })
  return {
    ...count(layout.roster),
    // A layout stored before rosters named exams has one exam, which every candidate sits.
    exams: layout.examIds.map((examId) => ({
      examId,
      ...count(layout.roster.filter((c) => (c.examId ?? layout.examIds[0]) === examId)),
    })),
  }
}

/** Signed orders and the requests not signed (queued or refused), in the order they were made. */
function seatMoves(store: RoomStore): SeatMoveView[] {
  const orders = store.moves.moves().map(({ order, takenAt }): SeatMoveView => ({
    moveId: order.moveId,
    seat: order.seat,
    sessionId: order.sessionId,
    fromStationId: order.fromStationId,
    toStationId: order.toStationId,
    staffId: order.staffId,
    reason: order.reason,
    at: order.issuedAt,
    state: takenAt === null ? 'handing_over' : 'taken',
    takenAt,
    refusal: null,
  }))
  const requests = store.moves.unissuedRequests().map(({ request, requestedAt, refusal }): SeatMoveView => ({
    moveId: request.moveId,
    seat: request.seat,
    sessionId: null,
    fromStationId: null,
    toStationId: request.toStationId,
    staffId: request.staffId,
    reason: request.reason,
    at: requestedAt,
    state: refusal === null ? 'queued' : 'refused',
    takenAt: null,
    refusal,
  }))
  return [...orders, ...requests].sort((a, b) => a.at.localeCompare(b.at))
}
