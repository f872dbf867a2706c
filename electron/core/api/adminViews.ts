import { gradableUnitsOf, manualUnit, manualUnitsOf, type ManualUnit } from '../admin/gradingUnits'
import type { Bank } from '../bank/schema'
import type { SessionRowInfo } from '../admin/stationAdmin'
import { gradeRecord } from '../bundle/sessionExport'
import type { GradingResult } from '../grading/gradingTypes'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { SessionRecord } from '../session/sessionTypes'
import { StoreError } from '../db/storeError'
import { parseEventLine } from '../base/eventChain'
import type { SessionEvent } from '../base/eventChain'
import { environmentOutcomeOf } from '../environment/environmentIncident'
import { kioskFactsOf } from '../kiosk/osEventIncident'
import { receiptCodeOfLog } from '../bundle/submissionReceipt'
import { sessionStoryOf } from '../session/sessionStory'
import type { SubmitReason } from '../session/sessionTypes'
import type { AdminSessionRow, GradingItemView, GradingQueueEntry, ScoreSummary, SessionAuditView } from './contract'

/**
 * Read models for the admin console. The grading views carry reference answers and explanations: they are built
 * only here, for methods that require an admin session.
 */
const GRADED_STATES: readonly string[] = ['submitted', 'exported']

export const scoreSummaryOf = (grading: GradingResult): ScoreSummary => ({
  total: grading.total,
  max: grading.max,
  pending: grading.pending,
  passed: grading.passed,
})

/** A session's record and grading, or the tamper report that stops it being read. */
function gradedRecord(runtime: StationRuntime, sessionId: string): { record: SessionRecord; grading: GradingResult } {
  const record = runtime.sessions.exportRecord(sessionId)
  return { record, grading: gradeRecord(runtime.gradingBank(sessionId), record) }
}

const tamperReason = (error: unknown): string => {
  if (error instanceof StoreError && error.code === 'TAMPER_DETECTED') return error.message
  throw error
}

const SUBMIT_REASONS: readonly SubmitReason[] = ['candidate', 'proctor', 'time_up']

/** Who ended the session and the proctor's note, from its first `submitted` event (the one the candidate saw). */
function endOf(runtime: StationRuntime, sessionId: string): Pick<AdminSessionRow, 'endedBy' | 'endNote'> {
  const submitted = runtime.admin.eventsOf(sessionId, ['submitted'])[0]
  const note = submitted?.data.note
  return {
    endedBy: SUBMIT_REASONS.find((reason) => reason === submitted?.data.reason) ?? null,
    endNote: typeof note === 'string' ? note : null,
  }
}

function sessionRowOf(runtime: StationRuntime, row: SessionRowInfo): AdminSessionRow {
  const base = {
    sessionId: row.sessionId,
    examId: row.examId,
    state: row.state,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(GRADED_STATES.includes(row.state) ? endOf(runtime, row.sessionId) : { endedBy: null, endNote: null }),
  }
  try {
    if (GRADED_STATES.includes(row.state)) {
      const { record, grading } = gradedRecord(runtime, row.sessionId)
      const changed = row.state === 'exported' && runtime.admin.changedSinceExport(row.sessionId)
      return {
        ...base,
        candidate: record.candidate,
        score: scoreSummaryOf(grading),
        changedSinceExport: changed,
        problem: null,
      }
    }
    return {
      ...base,
      candidate: runtime.sessions.snapshot(row.sessionId).candidate,
      score: null,
      changedSinceExport: false,
      problem: null,
    }
  } catch (error) {
    return { ...base, candidate: null, score: null, changedSinceExport: false, problem: tamperReason(error) }
  }
}

/** The story, with each kiosk incident's and environment check's facts beside it for the admin's language. */
function auditStoryOf(events: SessionEvent[]): SessionAuditView['story'] {
  const story = sessionStoryOf(events)
  const bySeq = new Map(events.map((event) => [event.seq, event]))
  const entries = story.entries.map((entry) => {
    const data = bySeq.get(entry.seq)?.data ?? {}
    const kiosk = kioskFactsOf(data)
    const environment = entry.type === 'environment_check' ? environmentOutcomeOf(data) : undefined
    return { ...entry, ...(kiosk ? { kiosk } : {}), ...(environment ? { environment } : {}) }
  })
  return { ...story, entries }
}

/** One session's story from its event log, checked against its chain and MAC first (a damaged log is refused). */
export function sessionAuditOf(runtime: StationRuntime, sessionId: string): SessionAuditView {
  const record = runtime.sessions.exportRecord(sessionId)
  return {
    sessionId,
    examId: record.session.examId,
    state: record.state,
    candidate: record.candidate,
    story: auditStoryOf(record.events.map(parseEventLine)),
    receiptCode: receiptCodeOfLog(record.events),
  }
}

export const adminSessionRows = (runtime: StationRuntime): AdminSessionRow[] =>
  runtime.admin.sessionRows().map((row) => sessionRowOf(runtime, row))

/**
 * A scenario part's number within its scenario, from 1, as the candidate saw it ("Part 2"); null for an item of its
 * own. Counted over all the scenario's parts, not only the short answers a person grades.
 */
function partNumberOf(bank: Bank, unit: ManualUnit): number | null {
  if (unit.partId === undefined) return null
  for (const section of bank.sections)
    for (const item of section.items)
      if (item.id === unit.itemId && item.type === 'scenario') {
        const index = item.parts.findIndex((part) => part.id === unit.partId)
        return index < 0 ? null : index + 1
      }
  return null
}

/**
 * Every answered short answer of every submitted or exported session, oldest session first, then in the exam's own
 * order (section, item, part). The order never depends on grading status, so the list stays put while a grader
 * works down it; what is still to grade is each entry's status.
 */
export function gradingQueueOf(runtime: StationRuntime): GradingQueueEntry[] {
  const entries: GradingQueueEntry[] = []
  for (const row of [...runtime.admin.sessionRows()].reverse()) {
    if (!GRADED_STATES.includes(row.state)) continue
    let graded
    try {
      graded = gradedRecord(runtime, row.sessionId)
    } catch (error) {
      tamperReason(error) // a damaged session is listed (with its problem) by admin.sessions, not graded
      continue
    }
    const { record, grading } = graded
    if (!record.candidate) continue
    const bank = runtime.gradingBank(row.sessionId)
    const gradable = new Map(gradableUnitsOf(grading).map((unit) => [unit.unitId, unit]))
    for (const info of manualUnitsOf(bank)) {
      const unit = gradable.get(info.unitId)
      if (!unit) continue
      entries.push({
        sessionId: row.sessionId,
        candidate: record.candidate,
        unitId: unit.unitId,
        sectionTitle: info.sectionTitle,
        itemNumber: info.itemNumber,
        partNumber: partNumberOf(bank, info),
        status: unit.status,
        points: unit.points,
        maxPoints: unit.max,
      })
    }
  }
  return entries
}

/** A markdown bank's texts as HTML for the grading desk; nothing for a plain bank, whose texts stay plain. */
function richGradingText(
  render: ((source: string) => string) | undefined,
  unit: {
    context?: string | undefined
    stem: string
    referenceAnswer?: string | undefined
    explanation?: string | undefined
  },
): Pick<GradingItemView, 'html'> {
  if (!render) return {}
  const { context, referenceAnswer, explanation } = unit
  return {
    html: {
      stem: render(unit.stem),
      ...(context === undefined ? {} : { context: render(context) }),
      ...(referenceAnswer === undefined ? {} : { referenceAnswer: render(referenceAnswer) }),
      ...(explanation === undefined ? {} : { explanation: render(explanation) }),
    },
  }
}

export function gradingItemOf(runtime: StationRuntime, sessionId: string, unitId: string): GradingItemView {
  const bank = runtime.gradingBank(sessionId)
  const unit = manualUnit(bank, unitId)
  const record = runtime.sessions.exportRecord(sessionId)
  if (!record.candidate) throw new StoreError('SESSION_NOT_FOUND', `session ${sessionId} has no candidate`)
  const response = record.responses.find((answer) => answer.unitId === unitId)?.response
  const current = record.manualScores.filter((score) => (score.partId ?? score.itemId) === unitId).at(-1)
  return {
    sessionId,
    unitId,
    candidate: record.candidate,
    sectionTitle: unit.sectionTitle,
    itemNumber: unit.itemNumber,
    partNumber: partNumberOf(bank, unit),
    context: unit.context ?? null,
    stem: unit.stem,
    response: typeof response === 'string' ? response : null,
    referenceAnswer: unit.referenceAnswer ?? null,
    explanation: unit.explanation ?? null,
    ...richGradingText(runtime.gradingRichText(sessionId), unit),
    maxPoints: unit.maxPoints,
    current: current
      ? { score: current.score, comment: current.comment ?? null, grader: current.grader, savedAt: current.savedAt }
      : null,
  }
}

export const gradingResultOf = (runtime: StationRuntime, sessionId: string): GradingResult =>
  gradedRecord(runtime, sessionId).grading
