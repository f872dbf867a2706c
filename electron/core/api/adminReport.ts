import type { Bank } from '../bank/schema'
import { gradeRecord, resultBundleInputOf } from '../bundle/sessionExport'
import type { ExamAnalysis } from '../results/analysis/analysisTypes'
import type { AnalyzedResult } from '../results/analysis/analyzedResult'
import { analyzeExams } from '../results/analysis/examAnalysis'
import type { StationRuntime } from '../runtime/stationRuntime'
import { StoreError } from '../db/storeError'

const GRADED_STATES: readonly string[] = ['submitted', 'exported']

/**
 * The results report's analysis over this station's own sessions: each submitted or exported session's record,
 * graded against the bank it was sat with, in the same shape a result bundle carries, then the same analysis the
 * `invigil results report` HTML is built from. Damaged sessions (tamper reports) are left out; admin.sessions lists them.
 */
export function stationReport(runtime: StationRuntime, examId?: string): ExamAnalysis[] {
  const results: AnalyzedResult[] = []
  const banks = new Map<string, Bank>()
  for (const row of [...runtime.admin.sessionRows()].reverse()) {
    if (!GRADED_STATES.includes(row.state) || (examId !== undefined && row.examId !== examId)) continue
    try {
      const record = runtime.sessions.exportRecord(row.sessionId)
      if (!record.candidate) continue
      const bank = runtime.gradingBank(row.sessionId)
      const { session } = record
      const exam = { id: session.examId, title: bank.title, packageHash: session.packageHash }
      const input = resultBundleInputOf({ record, exam, grading: gradeRecord(bank, record), exportedAt: row.updatedAt })
      results.push({ ...input, station: { id: runtime.station.stationId } })
      if (!banks.has(session.examId)) banks.set(session.examId, bank)
    } catch (error) {
      if (error instanceof StoreError && error.code === 'TAMPER_DETECTED') continue
      throw error
    }
  }
  return analyzeExams(results, [...banks.values()])
}
