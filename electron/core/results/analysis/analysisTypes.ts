import type { HistogramBin } from './descriptiveStats'

/**
 * What the item analysis gives the admin console and the HTML report. Type-only and free of Node imports, so the API
 * contract re-exports these types as they are.
 */

/**
 * How a unit is answered, as far as the analysis can tell: from the bank when given, else from the responses
 * (unknown: an automatically scored unit nobody answered, without its bank).
 */
export type UnitKind = 'single' | 'multiple' | 'true_false' | 'text' | 'unknown'

/**
 * Where the marked key comes from: the exam's bank, or (without it) the choices that earned full points, which is
 * the key for all-or-nothing items and may be missing when nobody earned full points.
 */
export type KeySource = 'bank' | 'full_points' | 'none'

export interface ChoiceCount {
  /** An original option letter, or "true" / "false". */
  choice: string
  /** Candidates who chose it (a multiple-choice answer counts once for each letter chosen). */
  count: number
  /** Share of the unit's candidates who chose it. */
  rate: number
  key: boolean
}

/** Why an item deserves a second look; thresholds follow common classical-test-theory practice. */
export type ReviewFlag =
  'too_hard' | 'too_easy' | 'low_discrimination' | 'negative_discrimination' | 'distractor_beats_key'

export interface UnitAnalysis {
  id: string
  kind: UnitKind
  max: number
  /** Results that carry this unit. */
  candidates: number
  /** Results in which this unit still waits for a grader; left out of difficulty and discrimination. */
  pending: number
  /** Mean points / max over the graded results; null without any, or when the unit is worth nothing. */
  difficulty: number | null
  /** Corrected point-biserial (item vs. total minus item); null when n < 3 or either side does not vary. */
  discrimination: number | null
  /** Share of the unit's candidates who left it unanswered. */
  omitRate: number
  /** Candidates who left it flagged for review. */
  flagged: number
  choices: ChoiceCount[]
  keySource: KeySource
  review: ReviewFlag[]
}

export interface PassSummary {
  passed: number
  failed: number
  /** Results with units still waiting for a grader: no verdict yet. */
  pending: number
  /** Results with no verdict because the exam sets no pass mark. */
  noPassMark: number
  /** passed / (passed + failed): pending results are left out; null when no result has a verdict. */
  rate: number | null
}

export interface ScoreSummary {
  mean: number | null
  median: number | null
  /** Sample standard deviation (n − 1); null for fewer than two results. */
  sd: number | null
  min: number | null
  max: number | null
}

export interface CandidateRow {
  candidateId: string
  name: string
  stationId: string
  sessionId: string
  total: number
  max: number
  pending: number
  passed: boolean | null
  elapsedMs: number
  allowedMs: number
}

export interface ExamAnalysis {
  examId: string
  title: string
  /** BCP 47 tag of the exam's text, known only from its bank. */
  language: string | null
  candidates: number
  maxScore: number
  passMark: number | null
  score: ScoreSummary
  /** Totals in 10 equal bins over [0, maxScore]. */
  scoreHistogram: HistogramBin[]
  pass: PassSummary
  /** elapsed / allowed as a fraction, in 10 bins over [0, 1]; sessions with no allowed time are left out. */
  timeUsedHistogram: HistogramBin[]
  time: { medianElapsedMs: number | null; meanUsed: number | null }
  units: UnitAnalysis[]
  rows: CandidateRow[]
}
