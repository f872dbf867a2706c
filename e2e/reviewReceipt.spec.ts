import { expect, test } from './fixtures'
import { ApiLog } from './support/apiLog'
import { ExamPage } from './support/examPage'
import { translator } from './support/locale'
import { expectNoSeriousA11yViolations } from './support/screenChecks'

/** At a lab PC's 1366×768: the rules' footer in view, the review grid, and the receipt after submitting. */
test.use({ viewport: { width: 1366, height: 768 } })

test('rules footer in view, every question in the review grid, and a receipt after submitting', async ({
  page,
  app,
}) => {
  const log = ApiLog.attach(page)
  const exam = new ExamPage(page, translator('en'), log)
  const { t } = exam
  await exam.open(app.url, 'en')
  await exam.button(t('station.begin')).click()
  await page.getByLabel(t('checkIn.candidateId'), { exact: true }).fill('C-2026-0901')
  await page.getByLabel(t('checkIn.name'), { exact: true }).fill('Wong Ka Yan')
  await exam.button(t('checkIn.continue')).click()
  await exam.button(t('checkIn.confirm')).click()
  await expect(exam.heading(t('instructions.title'))).toBeVisible()
  // Without scrolling: the agree box and Start are on screen at 1366×768.
  await expect(page.getByLabel(t('instructions.acknowledge'), { exact: true })).toBeInViewport()
  await expect(exam.button(t('instructions.start'))).toBeInViewport()
  await page.getByLabel(t('instructions.acknowledge'), { exact: true }).check()
  await exam.button(t('instructions.start')).click()
  await expect(page.getByRole('timer')).toBeVisible()
  const [session] = await log.values('session.checkIn')
  const total = session?.exam.sections.reduce((sum, section) => sum + section.items.length, 0) ?? 0

  await page.keyboard.press('Alt+KeyR')
  await expect(exam.heading(t('review.title'))).toBeVisible()
  const cells = page.getByTestId('review-grid').getByRole('button')
  await expect(cells).toHaveCount(total)
  await expect(cells.first()).toHaveAccessibleName(
    `${t('navigator.item', { number: 1 })}${t('navigator.separator')}${t('navigator.unanswered')}`,
  )
  await cells.first().focus()
  await page.keyboard.press('ArrowRight')
  await expect(cells.nth(1)).toBeFocused()
  await expectNoSeriousA11yViolations(page, 'review grid')

  await exam.button(t('review.submit')).click()
  await exam.button(t('submit.confirm')).click()
  const receipt = page.getByTestId('receipt')
  await expect(receipt).toContainText('Wong Ka Yan (C-2026-0901)')
  const [submitted] = await log.values('session.submit')
  await expect(page.getByTestId('receipt-code')).toHaveText(submitted?.receipt?.code ?? 'no receipt')
  await expect(page.getByTestId('receipt-code')).toHaveText(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/)
  await expectNoSeriousA11yViolations(page, 'receipt')
})
