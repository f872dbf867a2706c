import { E2E_BANK, expect, test } from './fixtures'
import { firstAnsweredOfEachType, planSitting } from './support/answerPlan'
import { ApiLog } from './support/apiLog'
import { readBank } from './support/bankFacts'
import { advanceExamClock, expectTimerShows, MINUTE_MS } from './support/examClock'
import { ExamPage } from './support/examPage'
import { translator } from './support/locale'
import { answerStep } from './support/sitting'

test('a reload mid-exam comes back to the same question with every answer, flag, struck-out option and the time left', async ({
  page,
  app,
}) => {
  const bank = await readBank(E2E_BANK)
  const log = ApiLog.attach(page)
  const exam = new ExamPage(page, translator('zh-Hant'), log)
  const { t } = exam
  await exam.open(app.url, 'zh-Hant')
  await exam.checkIn({ candidateId: 'C-2026-0300', name: '黃志明' })
  const [session] = await log.values('session.checkIn')
  if (!session) throw new Error('check-in returned no session')
  const plan = planSitting(bank, session.exam)

  // The first question of each type, answered (written answers typed plainly here) and flagged as planned.
  const visited = firstAnsweredOfEachType(plan)
  if (!visited.some((step) => step.strikeOut !== undefined))
    throw new Error('the plan strikes out no option on the questions visited')
  for (const step of visited) {
    await exam.goTo(step)
    await answerStep(exam, step, { ime: false })
  }
  // Then on to an unanswered question, which the core must remember as the position.
  const here = plan.steps.find((step) => step.item.type === 'true_false' && !visited.includes(step))
  if (!here) throw new Error('the paper has too few true/false questions for this test')
  await exam.goTo(here)
  await expect.poll(async () => (await log.values('session.navigate')).at(-1)?.position).toBe(here.item.id)
  advanceExamClock(app, 7 * MINUTE_MS + 30_000)
  await expect.poll(async () => (await log.values('session.tick')).at(-1)?.elapsedMs).toBe(7 * MINUTE_MS + 30_000)
  const remainingMs = bank.duration_minutes * MINUTE_MS - (7 * MINUTE_MS + 30_000)
  await expectTimerShows(exam.timer, remainingMs)

  await page.reload()

  // Straight back to the question, not to check-in or the rules.
  await exam.expectAt(here)
  const navigator = page.getByRole('navigation', { name: t('navigator.title') })
  await expect(navigator.locator('[aria-current="step"]')).toHaveCount(1)
  await expect(
    navigator.getByRole('region', { name: here.sectionTitle, exact: true }).locator('[aria-current="step"]'),
  ).toHaveAccessibleName(
    `${t('navigator.item', { number: here.item.number })}${t('navigator.separator')}${t('navigator.unanswered')}`,
  )
  const [restored] = (await log.values('session.current')).slice(-1)
  expect(restored?.time.remainingMs).toBe(remainingMs)
  await expectTimerShows(exam.timer, remainingMs)
  await expect(
    page.getByText(t('exam.answeredCount', { answered: visited.length, total: plan.steps.length }), { exact: true }),
  ).toBeVisible()

  for (const step of visited) {
    await exam.goTo(step)
    await exam.expectAnswered(step)
    await expect(
      exam.question(step).getByRole('button', { name: t(step.flag ? 'exam.unflag' : 'exam.flag'), exact: true }),
    ).toBeVisible()
    if (step.strikeOut !== undefined) await exam.expectStruckOut(step, step.strikeOut)
  }
})
