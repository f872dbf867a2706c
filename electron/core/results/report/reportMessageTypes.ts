import type { ReviewFlag, UnitKind } from '../analysis/analysisTypes'
import type { HtmlValue } from './safeHtml'

/** The shape every locale's report wording fills in; the locale tables import it, and reportMessages picks one. */
export const REPORT_LOCALES = ['en', 'zh-Hant', 'zh-Hans'] as const
export type ReportLocale = (typeof REPORT_LOCALES)[number]

/** Values a message needs are given to it already formatted for the locale; counts stay numbers where English needs a plural. */
export interface ReportMessages {
  reportTitle: string
  /** The line under the title; `at` is a <time> element, so the parts are HTML values (strings are escaped). */
  generated: (p: { at: HtmlValue; source: string; exams: number; candidates: number }) => HtmlValue[]
  examsNav: string
  examLink: (p: { examId: string; candidates: number }) => string
  noResults: string

  /** The room's incident reports (a report built with `--room`). */
  incidentsHeading: string
  incidentsNone: string
  incidentsCaption: (p: { count: number }) => string
  incidentColumns: { reportedAt: string; seat: string; candidate: string; staff: string; text: string }

  legendTitle: string
  legendDifficulty: { term: string; text: string }
  legendDiscrimination: { term: string; text: string }
  legendPending: string
  legendReview: { term: string; text: (p: { tooHard: string; tooEasy: string; lowDiscrimination: string }) => string }
  legendChoices: string

  review: Record<ReviewFlag, (p: { threshold: string }) => string>
  kind: Record<UnitKind, string>
  verdictPending: (pending: number) => string
  verdictPassed: string
  verdictFailed: string
  passed: string
  failed: string
  pendingGrading: string
  noPassMark: string

  summary: {
    candidates: string
    maxScore: string
    meanScore: string
    medianScore: string
    sd: string
    range: string
    passMark: string
    passRate: string
    medianTime: string
  }

  scoresHeading: string
  itemsHeading: string
  optionsHeading: string
  candidatesHeading: string

  scoreFigure: string
  scoreCaption: (p: { passMark: string | null }) => string
  scoreColumn: string
  candidatesColumn: string
  passFigure: string
  verdictsCaption: string
  verdictColumn: string
  timeFigure: string
  timeCaption: string
  timeColumn: string

  itemsFigure: string
  itemsCaption: string
  itemColumns: {
    item: string
    kind: string
    max: string
    n: string
    p: string
    r: string
    omitted: string
    flagged: string
    pending: string
    review: string
  }

  /** Where the marked keys come from (the bank, or the answers that earned full points), and how they are marked. */
  keyNote: (source: 'bank' | 'scores') => string
  noChoiceItems: string
  optionFigure: (p: { item: string; kind: string }) => string
  optionCaption: (p: { item: string; candidates: number; omitted: string }) => string
  optionColumns: { option: string; chosen: string; share: string }
  keyMark: string
  /** How a true/false item's two answers are named (the results record them as "true" and "false"). */
  trueFalse: { true: string; false: string }

  candidatesCaption: (count: number) => string
  candidateColumns: {
    candidate: string
    name: string
    station: string
    session: string
    score: string
    result: string
    timeUsed: string
  }
  timeOf: (p: { used: string; allowed: string }) => string

  chart: {
    scoreAxis: string
    candidatesAxis: string
    timeAxis: string
    itemAxis: string
    ratioAxis: string
    optionAxis: string
    difficultyDataset: string
    discriminationDataset: string
    scoreSummary: (p: { candidates: number; max: string; peak: number; peakRange: string; mean: string }) => string
    passSummary: (p: { rate: string; parts: { label: string; count: number }[] }) => string
    timeSummary: (p: { candidates: number; mean: string }) => string
    itemSummary: (p: { items: number; flagged: readonly string[] }) => string
    optionSummary: (p: {
      item: string
      candidates: number
      keys: readonly string[]
      top: { choice: string; share: string } | null
      omitted: string
    }) => string
  }
}
