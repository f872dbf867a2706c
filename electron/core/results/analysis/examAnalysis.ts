import type { Bank } from '../../bank/schema'
import { answerableUnits } from '../../delivery/answerableUnits'
import type { AnswerableUnit } from '../../delivery/answerableUnits'
import type { CandidateResponse } from '../../base/responseSchema'
import type { CandidateRow, ExamAnalysis, PassSummary, ScoreSummary } from './analysisTypes'
import type { AnalyzedResult } from './analyzedResult'
import type { UnitObservation } from './choiceFrequencies'
import { histogram, mean, median, standardDeviation } from './descriptiveStats'
import { analyzeUnit } from './unitAnalysis'

export const SCORE_BINS = 10
export const TIME_BINS = 10

function scoreSummary(totals: readonly number[]): ScoreSummary {
  return {
    mean: mean(totals),
    median: median(totals),
    sd: standardDeviation(totals),
    min: totals.length > 0 ? Math.min(...totals) : null,
    max: totals.length > 0 ? Math.max(...totals) : null,
  }
}

/** A result with units still to grade has no verdict yet, whatever its pass mark; it is left out of the rate. */
function passSummary(results: readonly AnalyzedResult[]): PassSummary {
  let passed = 0
  let failed = 0
  let pending = 0
  let noPassMark = 0
  for (const { scores } of results) {
    if (scores.pending > 0) pending += 1
    else if (scores.passed === true) passed += 1
    else if (scores.passed === false) failed += 1
    else noPassMark += 1
  }
  return { passed, failed, pending, noPassMark, rate: passed + failed > 0 ? passed / (passed + failed) : null }
}

/** Bank order first (the paper's order), then any unit the results carry that the bank lacks, in first-seen order. */
function unitOrder(results: readonly AnalyzedResult[], bankUnits: ReadonlyMap<string, AnswerableUnit>): string[] {
  const ids = new Set(bankUnits.keys())
  for (const { scores } of results) for (const unit of scores.units) ids.add(unit.id)
  return [...ids]
}

function observationsByUnit(results: readonly AnalyzedResult[]): Map<string, UnitObservation[]> {
  const byUnit = new Map<string, UnitObservation[]>()
  for (const result of results) {
    const responses = new Map<string, CandidateResponse>(result.responses.map((r) => [r.item, r.value]))
    const flags = new Set(result.flags)
    for (const score of result.scores.units) {
      const observation = {
        score,
        response: responses.get(score.id),
        total: result.scores.total,
        flagged: flags.has(score.id),
      }
      const list = byUnit.get(score.id) ?? []
      list.push(observation)
      byUnit.set(score.id, list)
    }
  }
  return byUnit
}

function candidateRow({ candidate, station, session, scores, timing }: AnalyzedResult): CandidateRow {
  return {
    candidateId: candidate.id,
    name: candidate.name,
    stationId: station.id,
    sessionId: session.id,
    total: scores.total,
    max: scores.max,
    pending: scores.pending,
    passed: scores.pending > 0 ? null : scores.passed,
    elapsedMs: timing.elapsed_ms,
    allowedMs: timing.allowed_ms,
  }
}

const byCandidate = (a: CandidateRow, b: CandidateRow): number =>
  a.candidateId.localeCompare(b.candidateId) || a.sessionId.localeCompare(b.sessionId)

/**
 * The analysis of one exam's results. Pure: every number comes from the results (and the bank, when given, for
 * item kinds, option lists and keys). All results must be of the same exam.
 */
export function analyzeExam(examId: string, results: readonly AnalyzedResult[], bank?: Bank): ExamAnalysis {
  if (results.some((r) => r.exam.id !== examId))
    throw new RangeError(`analyzeExam: every result must be of exam ${examId}`)
  const bankUnits = new Map(
    (bank?.sections ?? []).flatMap((s) => s.items.flatMap(answerableUnits)).map((u) => [u.id, u]),
  )
  const totals = results.map((r) => r.scores.total)
  const maxScore = Math.max(0, ...results.map((r) => r.scores.max))
  const timed = results.filter((r) => r.timing.allowed_ms > 0)
  const used = timed.map((r) => r.timing.elapsed_ms / r.timing.allowed_ms)
  const observations = observationsByUnit(results)
  return {
    examId,
    title: results[0]?.exam.title ?? bank?.title ?? examId,
    language: bank?.language ?? null,
    candidates: results.length,
    maxScore,
    passMark: results.find((r) => r.scores.pass_mark !== null)?.scores.pass_mark ?? null,
    score: scoreSummary(totals),
    scoreHistogram: histogram(totals, maxScore, SCORE_BINS),
    pass: passSummary(results),
    timeUsedHistogram: histogram(used, 1, TIME_BINS),
    time: { medianElapsedMs: median(timed.map((r) => r.timing.elapsed_ms)), meanUsed: mean(used) },
    units: unitOrder(results, bankUnits).map((id) => analyzeUnit(id, observations.get(id) ?? [], bankUnits.get(id))),
    rows: results.map(candidateRow).sort(byCandidate),
  }
}

/** One analysis per exam id, in id order; a bank is used for the exam whose id it carries. */
export function analyzeExams(results: readonly AnalyzedResult[], banks: readonly Bank[] = []): ExamAnalysis[] {
  const byExam = new Map<string, AnalyzedResult[]>()
  for (const result of results) {
    const list = byExam.get(result.exam.id) ?? []
    list.push(result)
    byExam.set(result.exam.id, list)
  }
  return [...byExam.keys()].sort().map((id) =>
    analyzeExam(
      id,
      byExam.get(id) ?? [],
      banks.find((b) => b.id === id),
    ),
  )
}
