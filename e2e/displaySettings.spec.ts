import { E2E_BANK, expect, test } from './fixtures'
import { planSitting } from './support/answerPlan'
import { ApiLog } from './support/apiLog'
import { readBank } from './support/bankFacts'
import { ExamPage } from './support/examPage'
import { translator, type UiLocale } from './support/locale'
import { screenChecks } from './support/screenChecks'
import { tourItemTypes } from './support/sitting'

/** The display settings a candidate may need, each with every candidate screen scanned by axe-core. */
const VARIANTS: { name: string; locale: UiLocale; highContrast: boolean }[] = [
  { name: 'high contrast and 200% text', locale: 'zh-Hant', highContrast: true },
  { name: '200% text', locale: 'en', highContrast: false },
]

for (const variant of VARIANTS) {
  test(`with ${variant.name} (${variant.locale}) every candidate screen passes axe-core`, async ({ page, app }) => {
    const log = ApiLog.attach(page)
    const exam = new ExamPage(page, translator(variant.locale), log)
    const { t } = exam
    await exam.open(app.url, variant.locale)
    const larger = page.getByRole('button', { name: t('prefs.larger'), exact: true })
    while ((await larger.getAttribute('aria-disabled')) !== 'true') await larger.click()
    await expect(page.locator('html')).toHaveAttribute('data-font-scale', '200')
    if (variant.highContrast) {
      const contrast = exam.button(t('prefs.contrast'))
      await contrast.click()
      await expect(contrast).toHaveAttribute('aria-pressed', 'true')
      await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')
    }

    const check = screenChecks(page)
    await exam.checkIn({ candidateId: 'C-2026-0900', name: variant.locale === 'en' ? 'Chan Tai Man' : '陳小明' }, check)
    const [session] = await log.values('session.checkIn')
    if (!session) throw new Error('check-in returned no session')
    await tourItemTypes(exam, planSitting(await readBank(E2E_BANK), session.exam), check)
  })
}
