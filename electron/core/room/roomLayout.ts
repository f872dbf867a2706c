import { candidateExamId } from '../sitting/sittingExams'
import type { SittingPayload } from '../sitting/sittingSchema'
import type { RoomLayout } from './roomTypes'

/**
 * What the room keeps of a verified sitting, and the only part of it the room store holds: seats, who sits where,
 * who may act, which stations are expected. The packages and the staff verifiers stay in the sitting file.
 */
export const layoutOfSitting = (payload: SittingPayload): RoomLayout => ({
  sittingId: payload.id,
  title: payload.title,
  seats: payload.seats.map(({ label, row, column }) => ({ label, row, column })),
  roster: payload.roster.map((c) => ({
    candidateId: c.candidate_id,
    name: c.name,
    seat: c.seat,
    examId: candidateExamId(payload, c),
  })),
  staff: payload.staff.map(({ id, name, role }) => ({ id, name, role })),
  stations: payload.stations ?? null,
  examIds: payload.packages.map((p) => p.exam_id),
})

/** Whether a command's target names this seat: every seat, or a list that holds it. */
export const targetsSeat = (target: { all: true } | { seats: string[] }, seat: string | null): boolean =>
  'all' in target || (seat !== null && target.seats.includes(seat))
