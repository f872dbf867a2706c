import type { AnswerableUnit } from '../../delivery/answerableUnits'
import type { ChoiceCount, ReviewFlag, UnitAnalysis, UnitKind } from './analysisTypes'
import { choiceFrequencies, unitKind } from './choiceFrequencies'
import type { UnitObservation } from './choiceFrequencies'
import { pearson } from './descriptiveStats'

/** Thresholds for review flags, as commonly used in classical item analysis. */
export const REVIEW_THRESHOLDS = { tooHard: 0.2, tooEasy: 0.95, lowDiscrimination: 0.2 } as const

function reviewFlags(
  difficulty: number | null,
  discrimination: number | null,
  kind: UnitKind,
  choices: readonly ChoiceCount[],
): ReviewFlag[] {
  const flags: ReviewFlag[] = []
  if (difficulty !== null && difficulty < REVIEW_THRESHOLDS.tooHard) flags.push('too_hard')
  if (difficulty !== null && difficulty > REVIEW_THRESHOLDS.tooEasy) flags.push('too_easy')
  if (discrimination !== null && discrimination < 0) flags.push('negative_discrimination')
  else if (discrimination !== null && discrimination < REVIEW_THRESHOLDS.lowDiscrimination)
    flags.push('low_discrimination')
  // Only where one choice excludes the others: in a multiple-choice item, letter counts do not compete.
  if (kind === 'single' || kind === 'true_false') {
    const keyCount = Math.max(-1, ...choices.filter((c) => c.key).map((c) => c.count))
    if (keyCount >= 0 && choices.some((c) => !c.key && c.count > keyCount)) flags.push('distractor_beats_key')
  }
  return flags
}

/**
 * Classical item analysis of one unit over the results that carry it. Units still waiting for a grader are left
 * out of difficulty and discrimination (their 0 is not a score yet); the rest score (total minus this unit) is the
 * total as graded so far. Difficulty is Σpoints / Σmax; discrimination is the corrected point-biserial, i.e. Pearson's
 * r between the unit's points and the rest score (for a 0/1 item this is exactly the point-biserial).
 */
export function analyzeUnit(
  id: string,
  observations: readonly UnitObservation[],
  bankUnit?: AnswerableUnit,
): UnitAnalysis {
  const kind = unitKind(observations, bankUnit)
  const graded = observations.filter(({ score }) => score.status !== 'pending_manual')
  const maxSum = graded.reduce((total, { score }) => total + score.max, 0)
  const pointsSum = graded.reduce((total, { score }) => total + score.points, 0)
  const difficulty = maxSum > 0 ? pointsSum / maxSum : null
  const discrimination = pearson(
    graded.map(({ score }) => score.points),
    graded.map(({ score, total }) => total - score.points),
  )
  const n = observations.length
  const { choices, keySource } = choiceFrequencies(observations, kind, bankUnit)
  return {
    id,
    kind,
    max: bankUnit?.points ?? Math.max(0, ...observations.map(({ score }) => score.max)),
    candidates: n,
    pending: n - graded.length,
    difficulty,
    discrimination,
    omitRate: n > 0 ? observations.filter(({ score }) => score.status === 'unanswered').length / n : 0,
    flagged: observations.filter((o) => o.flagged).length,
    choices,
    keySource,
    review: reviewFlags(difficulty, discrimination, kind, choices),
  }
}
