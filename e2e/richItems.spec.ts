import type { Locator, Page } from '@playwright/test'
import { expect, RICH_BANK, test } from './fixtures'
import { ApiLog } from './support/apiLog'
import { ExamPage } from './support/examPage'
import { translator, type UiLocale } from './support/locale'
import { expectNoSeriousA11yViolations, saveElementScreenshot } from './support/screenChecks'

/**
 * A markdown bank sat in Chromium through the browser host: tables, highlighted code, formulas, an image and lists shown as the
 * core rendered them, at 200% text (and in high contrast), with axe clean, nothing refused by the CSP, and screenshots.
 */
test.use({ bank: RICH_BANK })

const VARIANTS: { locale: UiLocale; highContrast: boolean; name: string }[] = [
  { locale: 'zh-Hant', highContrast: true, name: '陳小明' },
  { locale: 'en', highContrast: false, name: 'Chan Tai Man' },
]

/** What each rich item must show, and how it is answered. */
const EXPECTATIONS: Record<string, (panel: Locator) => Promise<void>> = {
  'rich-table': async (panel) => {
    await expect(panel.locator('table th')).toHaveText(['服務', '協定', '連接埠'])
    await expect(panel.locator('table td.rich-align-right').first()).toHaveText('80')
    await panel.getByRole('radio', { name: 'B DNS', exact: true }).check()
  },
  'rich-code': async (panel) => {
    await expect(panel.locator('pre code.language-python .hljs-keyword').first()).toHaveText('def')
    await expect(panel.locator('.choice-text code')).toHaveCount(3)
    await panel.getByRole('radio', { name: 'B 12', exact: true }).check()
  },
  'rich-math': async (panel) => {
    await expect(panel.locator('.rich-math math[display="block"] mfrac')).toBeVisible()
    await expect(panel.locator('.choice-text math')).toHaveCount(3)
    await panel.getByRole('radio').first().check()
  },
  'rich-image': async (panel) => {
    const image = panel.getByRole('img', { name: /^網路圖:電腦 PC 連到交換器/ })
    await expect(image).toBeVisible()
    // Loaded (from /exam-assets/<sha256>, under the page's CSP) and grown with the 200% text, within the column.
    const size = await image.evaluate((img: HTMLImageElement) => ({
      natural: img.naturalWidth,
      shown: img.getBoundingClientRect().width,
      column: img.parentElement?.getBoundingClientRect().width ?? 0,
    }))
    expect(size.natural).toBe(480)
    expect(Math.abs(size.shown - Math.min(2 * size.natural, size.column))).toBeLessThan(2)
    await panel.getByRole('radio', { name: 'B 交換器 Switch', exact: true }).check()
  },
  'rich-scenario': async (panel) => {
    await expect(panel.locator('.scenario-case ol > li')).toHaveCount(3)
    await expect(panel.locator('.scenario-case code').first()).toHaveText('ping 8.8.8.8')
    await expect(panel.locator('.scenario-part em')).toHaveText('DNS')
    await panel.getByRole('radio').first().check()
  },
}

async function setDisplay(page: Page, exam: ExamPage, highContrast: boolean): Promise<void> {
  const larger = page.getByRole('button', { name: exam.t('prefs.larger'), exact: true })
  while ((await larger.getAttribute('aria-disabled')) !== 'true') await larger.click()
  await expect(page.locator('html')).toHaveAttribute('data-font-scale', '200')
  if (!highContrast) return
  await exam.button(exam.t('prefs.contrast')).click()
  await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')
}

for (const variant of VARIANTS) {
  const display = variant.highContrast ? '200% text, high contrast' : '200% text'
  test(`a markdown bank shows tables, code, formulas and images (${variant.locale}, ${display})`, async ({
    page,
    app,
  }) => {
    const refused: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text())
    })
    const log = ApiLog.attach(page)
    const exam = new ExamPage(page, translator(variant.locale), log)
    const { t } = exam
    await exam.open(app.url, variant.locale)
    await setDisplay(page, exam, variant.highContrast)
    await exam.checkIn({ candidateId: 'C-2026-0901', name: variant.name })
    const [session] = await log.values('session.checkIn')
    if (!session) throw new Error('check-in returned no session')

    const sections = session.exam.sections
    for (const [s, section] of sections.entries()) {
      for (const [i, item] of section.items.entries()) {
        const name = t('exam.question', { number: item.number, total: section.items.length })
        const panel = page.getByRole('region', { name, exact: true })
        await expect(panel).toBeVisible()
        const expectation = EXPECTATIONS[item.id]
        if (!expectation) throw new Error(`no expectation for ${item.id}`)
        await expectation(panel)
        await exam.expectSaveStatus(t('save.saved'))
        // The text-size setting reaches rich content too: 200% of the 16px base, and a stem is larger still.
        const size = await panel
          .locator('.rich-text')
          .first()
          .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
        expect(size).toBeGreaterThanOrEqual(32)
        // Nothing in rendered content can navigate or style itself.
        await expect(panel.locator('.rich-text a, .rich-text [style], .rich-text script')).toHaveCount(0)
        await expectNoSeriousA11yViolations(page, `exam-${item.id}`)
        await saveElementScreenshot(panel, variant.locale, `exam-${item.id}`)
        const last = s === sections.length - 1 && i === section.items.length - 1
        if (!last) await panel.getByRole('button', { name: t('exam.next'), exact: true }).click()
      }
    }
    expect(refused, 'the CSP refused nothing').toEqual([])
  })
}
