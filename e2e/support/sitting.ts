import { expect } from '@playwright/test'
import { firstAnsweredOfEachType, type ItemStep, type SittingPlan } from './answerPlan'
import type { ExamPage } from './examPage'
import type { ScreenCheck } from './screenChecks'

const screenOf = (step: ItemStep): string => `exam-${step.item.type.replace('_', '-')}`

/** Strikes out, answers and flags as the step says, then waits for "Saved" (or "Not answered yet"). */
export async function answerStep(
  exam: ExamPage,
  step: ItemStep,
  { ime = true }: { ime?: boolean } = {},
): Promise<void> {
  if (step.strikeOut !== undefined) await exam.strikeOut(step, step.strikeOut)
  for (const answer of step.answers)
    await exam.answer(step, answer.type === 'short_answer' && !ime ? { ...answer, ime: undefined } : answer)
  if (step.flag) await exam.flag(step, step.flag)
  await exam.expectSaveStatus(exam.t(step.answers.length > 0 ? 'save.saved' : 'save.notAnswered'))
}

/**
 * Walks the whole exam in delivery order as the plan says (Next button mostly, Alt+N every fourth move), running
 * `check` on the first question of each type; then reviews and submits.
 */
export async function sitAsPlanned(exam: ExamPage, plan: SittingPlan, check: ScreenCheck): Promise<void> {
  const checked = new Set<string>()
  for (const [index, step] of plan.steps.entries()) {
    const previous = plan.steps[index - 1]
    if (previous) await exam.next(index % 4 === 0 ? 'shortcut' : 'button', previous, step)
    else await exam.expectAt(step)
    await answerStep(exam, step)
    if (!checked.has(screenOf(step))) {
      checked.add(screenOf(step))
      await check(screenOf(step))
    }
  }
  const last = plan.steps.at(-1)
  if (!last) throw new Error('the exam has no questions')
  await exam
    .question(last)
    .getByRole('button', { name: exam.t('exam.review'), exact: true })
    .click()
  await reviewAndSubmit(exam, plan, check)
}

/** Jumps (with the navigator) to the first question of each type, answers it and runs `check`; then reviews and submits. */
export async function tourItemTypes(exam: ExamPage, plan: SittingPlan, check: ScreenCheck): Promise<void> {
  const visited = firstAnsweredOfEachType(plan)
  for (const step of visited) {
    await exam.goTo(step)
    await answerStep(exam, step, { ime: false })
    await check(screenOf(step))
  }
  await exam.page.keyboard.press('Alt+R')
  await reviewAndSubmit(
    exam,
    {
      steps: plan.steps,
      unanswered: plan.steps.filter((step) => !visited.includes(step)),
      flagged: visited.filter((step) => step.flag),
    },
    check,
  )
}

/**
 * The review lists exactly the unanswered and flagged questions, a review link leads to its question (Alt+R comes
 * back), and the exam is submitted through the confirm dialog, which names what is still open.
 */
async function reviewAndSubmit(
  exam: ExamPage,
  sitting: Pick<SittingPlan, 'steps' | 'unanswered' | 'flagged'>,
  check: ScreenCheck,
): Promise<void> {
  const { t, page } = exam
  const { unanswered, flagged } = sitting
  await exam.expectReview(unanswered, flagged)
  await check('review')

  const open = unanswered[0]
  if (open) {
    await page
      .getByRole('button', { name: exam.reviewLink(open), exact: true })
      .first()
      .click()
    await exam.expectAt(open)
    await page.keyboard.press('Alt+R')
    await exam.expectReview(unanswered, flagged)
  }

  await exam.button(t('review.submit')).click()
  await expect(exam.dialog).toBeVisible()
  await expect(exam.dialog.getByRole('listitem')).toHaveText([
    ...(unanswered.length > 0 ? [t('submit.unanswered', { count: unanswered.length }, unanswered.length)] : []),
    ...(flagged.length > 0 ? [t('submit.flagged', { count: flagged.length }, flagged.length)] : []),
  ])
  await expect(exam.dialog.getByRole('button', { name: t('submit.cancel'), exact: true })).toBeFocused()
  await check('confirm-dialog')
  await exam.dialog.getByRole('button', { name: t('submit.confirm'), exact: true }).click()
  await expect(exam.heading(t('submitted.title'))).toBeFocused()
  const total = sitting.steps.length
  await expect(
    page.getByText(t('submitted.summary', { answered: total - unanswered.length, total }), { exact: true }),
  ).toBeVisible()
  await check('submitted')
}
