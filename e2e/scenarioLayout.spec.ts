import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { ApiLog } from './support/apiLog'
import { ExamPage } from './support/examPage'
import { translator } from './support/locale'
import { expectNoSeriousA11yViolations } from './support/screenChecks'

/**
 * A scenario at a lab PC's 1366×768: while the candidate types the last part, the case text stays in view (beside
 * the parts, or pinned above them at 200% text) and not under the sticky toolbar; at 100% the navigator stays too.
 */
test.use({ viewport: { width: 1366, height: 768 } })

/** A long written answer: the field grows, and the page scrolls well past the case. */
const LONG_ANSWER = Array.from({ length: 12 }, (_, line) => `第${String(line + 1)}點:先聆聽客戶,再說明處理進度。`).join(
  '\n',
)

interface Box {
  x: number
  y: number
  width: number
  height: number
}

async function boxOf(target: Locator): Promise<Box> {
  const box = await target.boundingBox()
  if (!box) throw new Error('not rendered')
  return box
}

/** The bottom edge of the toolbar when it covers the top of the page (it is sticky at the smaller text sizes). */
async function toolbarBottom(page: Page): Promise<number> {
  const box = await boxOf(page.locator('.exam-toolbar'))
  return box.y + box.height > 0 ? box.y + box.height : 0
}

async function typeInLastPart(page: Page, exam: ExamPage): Promise<Locator> {
  const { t } = exam
  const log = ApiLog.attach(page)
  await exam.checkIn({ candidateId: 'C-2026-0777', name: 'Lee Mei Ling' })
  await page
    .getByRole('navigation', { name: t('navigator.title') })
    .getByRole('region', { name: '情景分析題', exact: true })
    .getByRole('button', { name: new RegExp(`^${t('navigator.item', { number: 1 })}${t('navigator.separator')}`) })
    .click()
  const question = page.getByRole('region', { name: t('exam.question', { number: 1, total: 2 }), exact: true })
  await expect(question.locator('.scenario-case')).toContainText('VPN')
  const lastPart = question.getByRole('listitem').last()
  await expect(lastPart.getByRole('heading', { name: t('exam.part', { number: 3 }) })).toBeVisible()
  const box = lastPart.getByRole('textbox', { name: t('text.label'), exact: true })
  await box.focus()
  await page.keyboard.insertText(LONG_ANSWER)
  await expect(box).toBeFocused()
  await expect.poll(async () => (await log.savedResponsesOf('scenario-1.3')).at(-1)).toBe(LONG_ANSWER)
  // The typing scrolled the page: without the pinning the case would be above the fold by now.
  expect(await page.evaluate(() => window.scrollY), 'the page scrolled down to part 3').toBeGreaterThan(100)
  return question
}

test('typing part 3 of a scenario at 100% text: the case beside the parts and the navigator stay in view', async ({
  page,
  app,
}) => {
  const exam = new ExamPage(page, translator('en'), ApiLog.attach(page))
  await exam.open(app.url, 'en')
  const question = await typeInLastPart(page, exam)
  const caseText = question.locator('.scenario-case')
  const parts = question.locator('.scenario-parts-pane')
  // The navigator's panel, and in it the current question (the panel scrolls on its own in a long exam).
  const side = page.locator('.exam-side')
  const current = page.getByRole('navigation', { name: exam.t('navigator.title') }).locator('[aria-current="step"]')
  await expect(caseText).toBeInViewport()
  await expect(current).toBeInViewport()
  await expect(question.getByRole('listitem').last().getByRole('textbox')).toBeInViewport()

  const caseBox = await boxOf(caseText)
  const partsBox = await boxOf(parts)
  const sideBox = await boxOf(side)
  const currentBox = await boxOf(current)
  // Beside: the case left of the parts, the navigator right of both.
  expect(caseBox.x + caseBox.width).toBeLessThanOrEqual(partsBox.x)
  expect(partsBox.x + partsBox.width).toBeLessThanOrEqual(sideBox.x)
  // Not hidden under the sticky toolbar: what is "in the viewport" must also be seen.
  const covered = await toolbarBottom(page)
  expect(caseBox.y, 'the case starts below the toolbar').toBeGreaterThanOrEqual(covered - 1)
  expect(sideBox.y, 'the navigator starts below the toolbar').toBeGreaterThanOrEqual(covered - 1)
  expect(currentBox.y, 'the current question is seen in the navigator').toBeGreaterThanOrEqual(covered - 1)
  await expectNoSeriousA11yViolations(page, 'scenario, typing part 3')
})

test('typing part 3 of a scenario at 200% text: the case is pinned above the parts', async ({ page, app }) => {
  const exam = new ExamPage(page, translator('zh-Hant'), ApiLog.attach(page))
  await exam.open(app.url, 'zh-Hant')
  const larger = page.getByRole('button', { name: exam.t('prefs.larger'), exact: true })
  while ((await larger.getAttribute('aria-disabled')) !== 'true') await larger.click()
  await expect(page.locator('html')).toHaveAttribute('data-font-scale', '200')
  const question = await typeInLastPart(page, exam)
  const caseText = question.locator('.scenario-case')
  const answer = question.getByRole('listitem').last().getByRole('textbox')
  await expect(caseText).toBeInViewport()
  await expect(answer).toBeInViewport()

  const [caseBox, answerBox] = await Promise.all([boxOf(caseText), boxOf(answer)])
  // Pinned above: the whole case fits on screen, above the field being typed in, and not under the toolbar.
  expect(caseBox.y).toBeGreaterThanOrEqual((await toolbarBottom(page)) - 1)
  expect(caseBox.y + caseBox.height).toBeLessThanOrEqual(Math.min(answerBox.y + answerBox.height, 768))
  await expectNoSeriousA11yViolations(page, 'scenario at 200%, typing part 3')
})
