import { buildRoomStatus } from './roomStatus'
import type { RoomStore } from './roomStore'
import type { IncidentReport, RoomLayout } from './roomTypes'

/**
 * A proctor's irregularity report for a seat ("candidate A-03 used a phone at 10:12"): kept with what the room
 * knew was at that seat when it was written (the session, the candidate, the station), so the record still says
 * whom it concerned after the seat moved or the session ended.
 */
export class IncidentReportError extends Error {
  override readonly name = 'IncidentReportError'
  constructor(
    readonly code: 'UNKNOWN_SEAT' | 'UNKNOWN_STAFF' | 'EMPTY_REPORT',
    message: string,
  ) {
    super(message)
  }
}

export const MAX_REPORT_CHARS = 4000

export function fileIncidentReport(
  store: RoomStore,
  layout: RoomLayout,
  request: { seat: string; text: string; staffId: string },
  nowMs: number,
): IncidentReport {
  if (!layout.staff.some((staff) => staff.id === request.staffId))
    throw new IncidentReportError(
      'UNKNOWN_STAFF',
      `staff ${request.staffId} is not named in sitting ${layout.sittingId}`,
    )
  const text = request.text.trim()
  if (text === '' || text.length > MAX_REPORT_CHARS)
    throw new IncidentReportError('EMPTY_REPORT', `a report is 1 to ${String(MAX_REPORT_CHARS)} characters`)
  const seat = buildRoomStatus(store, layout, nowMs).seats.find((view) => view.label === request.seat)
  if (!seat) throw new IncidentReportError('UNKNOWN_SEAT', `sitting ${layout.sittingId} has no seat ${request.seat}`)
  return store.reports.add({
    seat: seat.label,
    sessionId: seat.status?.sessionId ?? null,
    candidateId: seat.status?.candidateId ?? seat.candidate?.candidateId ?? null,
    stationId: seat.stationId,
    staffId: request.staffId,
    text,
    reportedAt: new Date(nowMs).toISOString(),
  })
}
