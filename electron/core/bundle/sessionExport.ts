import type { Bank } from '../bank/schema'
import { parseEventLine } from '../base/eventChain'
import { gradeResponses } from '../grading/grade'
import type { GradingResult, ManualScore, ResponseValue } from '../grading/gradingTypes'
import type { Accommodations } from '../session/sessionTimer'
import type { SessionRecord } from '../session/sessionTypes'
import type { ResultBundleInput } from './bundleWriter'

/**
 * From the session's plain record to what the bundle writer signs, and to what grading reads. Pure: the record is
 * already decrypted and verified (SessionService.exportRecord), so nothing here touches a key or the store.
 */
export class SessionExportError extends Error {
  override readonly name = 'SessionExportError'
  constructor(
    readonly code: 'RECORD_INCOMPLETE' | 'EXAM_MISMATCH',
    message: string,
  ) {
    super(message)
  }
}

/** The exam a record is exported against: the bank's id and title, and the hash of the package it was installed from. */
export interface ExportedExam {
  id: string
  title: string
  packageHash: string
}

export interface GradingInputs {
  responses: Record<string, ResponseValue>
  manualScores: Record<string, ManualScore>
}

/**
 * Grading's inputs, keyed by unit id. A manual score names its item and, for a scenario, its part: the unit is the
 * part. Scores are listed in revision order, so the last one per unit is the grader's current mark.
 */
export function gradingInputsOf(record: SessionRecord): GradingInputs {
  const responses = Object.fromEntries(record.responses.map((answer) => [answer.unitId, answer.response]))
  const manualScores: Record<string, ManualScore> = {}
  for (const score of record.manualScores) {
    manualScores[score.partId ?? score.itemId] = {
      score: score.score,
      grader: score.grader,
      at: score.savedAt,
      ...(score.comment === undefined ? {} : { comment: score.comment }),
    }
  }
  return { responses, manualScores }
}

/** Grades a session record against the (delivered) bank it was sat with. */
export function gradeRecord(bank: Bank, record: SessionRecord): GradingResult {
  if (record.session.examId !== bank.id) {
    throw new SessionExportError(
      'EXAM_MISMATCH',
      `session ${record.session.id} sat exam ${record.session.examId}, not ${bank.id}`,
    )
  }
  const { responses, manualScores } = gradingInputsOf(record)
  return gradeResponses(bank, responses, manualScores)
}

/** The manifest names fields in snake_case; the session keeps the camelCase of its API. */
const accommodationsOf = (accommodations: Accommodations): ResultBundleInput['timing']['accommodations'] => ({
  ...(accommodations.extraPercent === undefined ? {} : { extra_percent: accommodations.extraPercent }),
  ...(accommodations.extraMinutes === undefined ? {} : { extra_minutes: accommodations.extraMinutes }),
})

/** When the candidate first started, and when the session was last submitted, as the event log recorded them. */
function lifecycleTimes(events: readonly string[]): {
  startedAt: string | null
  submittedAt: string | null
  submitNote: string | undefined
} {
  let startedAt: string | null = null
  let submittedAt: string | null = null
  let submitNote: string | undefined
  for (const line of events) {
    const event = parseEventLine(line)
    if (typeof event.at !== 'string') continue
    if (event.type === 'started') startedAt ??= event.at
    if (event.type === 'submitted') {
      submittedAt = event.at
      submitNote = typeof event.data.note === 'string' ? event.data.note : undefined
    }
  }
  return { startedAt, submittedAt, submitNote }
}

export interface ExportSource {
  record: SessionRecord
  exam: ExportedExam
  grading: GradingResult
  exportedAt: string
}

export function resultBundleInputOf({ record, exam, grading, exportedAt }: ExportSource): ResultBundleInput {
  const { session, candidate, timing } = record
  if (session.examId !== exam.id || session.packageHash !== exam.packageHash) {
    throw new SessionExportError(
      'EXAM_MISMATCH',
      `session ${session.id} sat exam ${session.examId} from package ${session.packageHash.slice(0, 12)}…, not ${exam.id} from ${exam.packageHash.slice(0, 12)}…`,
    )
  }
  if (!candidate) throw new SessionExportError('RECORD_INCOMPLETE', `session ${session.id} has no checked-in candidate`)
  const { startedAt, submittedAt, submitNote } = lifecycleTimes(record.events)
  return {
    exam: { id: exam.id, title: exam.title, package_hash: exam.packageHash },
    candidate: { id: candidate.candidateId, name: candidate.name },
    session: {
      id: session.id,
      created_at: session.createdAt,
      started_at: startedAt,
      submitted_at: submittedAt,
      submit_reason: timing.submitReason,
      ...(submitNote === undefined ? {} : { submit_note: submitNote }),
    },
    timing: {
      allowed_ms: timing.allowedMs,
      elapsed_ms: timing.elapsedMs,
      extensions: timing.extensions.map(({ minutes, reason, at }) => ({ minutes, reason, at })),
      accommodations: accommodationsOf(timing.accommodations),
    },
    responses: record.responses.map((answer) => ({
      item: answer.unitId,
      value: answer.response,
      revision: answer.revision,
      saved_at: answer.savedAt,
    })),
    flags: record.flags,
    scores: grading,
    exported_at: exportedAt,
  }
}
