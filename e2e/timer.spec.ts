import { E2E_BANK, expect, test } from './fixtures'
import { plannedResponses, planSitting } from './support/answerPlan'
import { ApiLog } from './support/apiLog'
import { readBank } from './support/bankFacts'
import { advanceExamClock, expectTimerShows, MINUTE_MS } from './support/examClock'
import { ExamPage } from './support/examPage'
import { translator } from './support/locale'
import { expectScoredAsPlanned, exportedResult } from './support/resultBundle'

test('the time warnings are spoken at 10, 5 and 1 minutes left, and at zero the exam submits itself', async ({
  page,
  app,
}, testInfo) => {
  const bank = await readBank(E2E_BANK)
  const log = ApiLog.attach(page)
  const exam = new ExamPage(page, translator('zh-Hant'), log)
  const { t } = exam
  await exam.open(app.url, 'zh-Hant')
  await exam.checkIn({ candidateId: 'C-2026-0500', name: '李嘉欣' })
  const [session] = await log.values('session.checkIn')
  if (!session) throw new Error('check-in returned no session')
  const [first] = planSitting(bank, session.exam).steps
  if (!first) throw new Error('the exam has no questions')
  for (const answer of first.answers) await exam.answer(first, answer)
  await exam.expectSaveStatus(t('save.saved'))

  const durationMs = bank.duration_minutes * MINUTE_MS
  const warning = (minutes: number): string => t('timer.warning', { minutes }, minutes)

  advanceExamClock(app, durationMs - 10 * MINUTE_MS)
  await expect(exam.assertive).toHaveText(warning(10))
  await expectTimerShows(exam.timer, 10 * MINUTE_MS)

  // A hidden timer still warns, and cannot stay hidden in the last minute.
  await exam.button(t('timer.hide')).click()
  await expect(exam.timer).toHaveText(t('timer.hidden'))
  advanceExamClock(app, 5 * MINUTE_MS)
  await expect(exam.assertive).toHaveText(warning(5))
  await expect(exam.timer).toHaveText(t('timer.hidden'))
  advanceExamClock(app, 4 * MINUTE_MS)
  await expect(exam.assertive).toHaveText(warning(1))
  await expectTimerShows(exam.timer, MINUTE_MS)
  await expect(page.getByText(t('timer.lastMinute'), { exact: true })).toBeVisible()
  await expect(exam.button(t('timer.show'))).toHaveCount(0)

  advanceExamClock(app, MINUTE_MS)
  await expect(exam.heading(t('submitted.title'))).toBeVisible()
  await expect(exam.assertive).toHaveText(t('timer.timeUp'))

  const manifest = await exportedResult(app, session.sessionId, testInfo.outputPath('bundles'))
  expect(manifest.session.submit_reason).toBe('time_up')
  expect(manifest.timing.elapsed_ms).toBe(durationMs)
  expectScoredAsPlanned(manifest, bank, plannedResponses([first]))
})
