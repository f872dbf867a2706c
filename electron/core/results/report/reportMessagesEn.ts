import type { ReportMessages } from './reportMessageTypes'

const plural = (count: number, one: string, many: string): string => `${String(count)} ${count === 1 ? one : many}`

export const REPORT_MESSAGES_EN: ReportMessages = {
  reportTitle: 'Results report',
  generated: ({ at, source, exams, candidates }) => [
    'Generated ',
    at,
    ` from ${source}: ${plural(exams, 'exam', 'exams')}, ${plural(candidates, 'candidate', 'candidates')}.`,
  ],
  examsNav: 'Exams',
  examLink: ({ examId, candidates }) => ` (${examId}, ${String(candidates)} candidates)`,
  noResults: 'No results to report.',
  incidentsHeading: 'Incident reports',
  incidentsNone: 'No incident report was written on the room console for this sitting.',
  incidentsCaption: ({ count }) =>
    `${String(count)} ${count === 1 ? 'report' : 'reports'} written by staff on the room console, oldest first`,
  incidentColumns: { reportedAt: 'Written', seat: 'Seat', candidate: 'Candidate', staff: 'Staff', text: 'Report' },

  legendTitle: 'How to read this report',
  legendDifficulty: {
    term: 'p (difficulty)',
    text: ": the share of the item's points candidates earned (points earned ÷ points available); higher is easier.",
  },
  legendDiscrimination: {
    term: 'r (discrimination)',
    text: ": the corrected point-biserial, the correlation between the item's score and the total score without that item. “–” when fewer than 3 candidates or nobody differs.",
  },
  legendPending:
    'Short answers still waiting for a grader are left out of p, r and the pass rate; they count 0 in totals until graded.',
  legendReview: {
    term: '⚑ Review',
    text: ({ tooHard, tooEasy, lowDiscrimination }) =>
      ` flags an item with p below ${tooHard} or above ${tooEasy}, r below ${lowDiscrimination} or negative, or a wrong option chosen more than the key.`,
  },
  legendChoices:
    'Option choices are counted by the option letters of the bank, whatever order a candidate saw them in; a multiple-choice answer counts once for each letter chosen.',

  review: {
    too_hard: ({ threshold }) => `hard (p < ${threshold})`,
    too_easy: ({ threshold }) => `easy (p > ${threshold})`,
    low_discrimination: ({ threshold }) => `low discrimination (r < ${threshold})`,
    negative_discrimination: () => 'negative discrimination',
    distractor_beats_key: () => 'a distractor was chosen more than the key',
  },
  kind: {
    single: 'single choice',
    multiple: 'multiple choice',
    true_false: 'true/false',
    text: 'short answer',
    unknown: 'unknown',
  },
  verdictPending: (pending) => `pending (${String(pending)} to grade)`,
  verdictPassed: 'passed',
  verdictFailed: 'failed',
  passed: 'Passed',
  failed: 'Failed',
  pendingGrading: 'Pending grading',
  noPassMark: 'No pass mark',

  summary: {
    candidates: 'Candidates',
    maxScore: 'Maximum score',
    meanScore: 'Mean score',
    medianScore: 'Median score',
    sd: 'Standard deviation (n − 1)',
    range: 'Lowest – highest',
    passMark: 'Pass mark',
    passRate: 'Pass rate (pending excluded)',
    medianTime: 'Median time used',
  },

  scoresHeading: 'Scores',
  itemsHeading: 'Item analysis',
  optionsHeading: 'Option choices',
  candidatesHeading: 'Candidates',

  scoreFigure: 'Score distribution',
  scoreCaption: ({ passMark }) =>
    `Candidates by total score (points)${passMark === null ? '' : `; orange bars lie wholly below the pass mark of ${passMark}`}`,
  scoreColumn: 'Score',
  candidatesColumn: 'Candidates',
  passFigure: 'Pass rate',
  verdictsCaption: 'Verdicts',
  verdictColumn: 'Verdict',
  timeFigure: 'Time used',
  timeCaption: 'Candidates by share of allowed time used',
  timeColumn: 'Time used',

  itemsFigure: 'Difficulty and discrimination by item',
  itemsCaption:
    'Item analysis: difficulty p, discrimination r (item vs. total minus item), omissions, candidate flags, review flags',
  itemColumns: {
    item: 'Item',
    kind: 'Kind',
    max: 'Max',
    n: 'n',
    p: 'p',
    r: 'r',
    omitted: 'Omitted',
    flagged: 'Flagged by candidates',
    pending: 'Pending',
    review: 'Review',
  },

  keyNote: (source) =>
    `${
      source === 'bank'
        ? 'Keys are taken from the exam bank.'
        : 'No bank was given for this exam: the key marked is the option (or options) chosen by candidates who earned full points; an item nobody answered fully right shows no key.'
    } The key is marked “✓ key” and shown in green.`,
  noChoiceItems: 'No choice items.',
  optionFigure: ({ item, kind }) => `Item ${item} (${kind})`,
  optionCaption: ({ item, candidates, omitted }) =>
    `Item ${item}: choices (${String(candidates)} candidates, ${omitted} omitted)`,
  optionColumns: { option: 'Option', chosen: 'Chosen', share: 'Share' },
  keyMark: '✓ key',
  trueFalse: { true: 'true', false: 'false' },

  candidatesCaption: (count) => `Candidates (${String(count)})`,
  candidateColumns: {
    candidate: 'Candidate',
    name: 'Name',
    station: 'Station',
    session: 'Session',
    score: 'Score',
    result: 'Result',
    timeUsed: 'Time used',
  },
  timeOf: ({ used, allowed }) => `${used} of ${allowed}`,

  chart: {
    scoreAxis: 'Total score (points)',
    candidatesAxis: 'Candidates',
    timeAxis: 'Share of allowed time used',
    itemAxis: 'Item',
    ratioAxis: 'p / r',
    optionAxis: 'Option',
    difficultyDataset: 'Difficulty p (share of points earned)',
    discriminationDataset: 'Discrimination r (corrected point-biserial)',
    scoreSummary: ({ candidates, max, peak, peakRange, mean }) =>
      `Histogram of total scores of ${String(candidates)} candidates out of ${max} points; the largest group (${String(peak)}) scored ${peakRange}; mean ${mean}.`,
    passSummary: ({ rate, parts }) =>
      `Pass rate ${rate}: ${parts.map(({ label, count }) => `${label.toLowerCase()} ${String(count)}`).join(', ') || 'no results'}.`,
    timeSummary: ({ candidates, mean }) =>
      `Histogram of the share of allowed time used by ${String(candidates)} candidates; mean ${mean}.`,
    itemSummary: ({ items, flagged }) =>
      `Difficulty (p) and discrimination (r) of ${String(items)} items; ` +
      (flagged.length > 0
        ? `${String(flagged.length)} flagged for review: ${flagged.join(', ')}.`
        : 'none flagged for review.'),
    optionSummary: ({ item, candidates, keys, top, omitted }) =>
      `Choices for item ${item} by ${String(candidates)} candidates; key ${keys.join(', ') || 'not known'}; ` +
      `most chosen ${top ? `${top.choice} (${top.share})` : 'none'}; omitted ${omitted}.`,
  },
}
