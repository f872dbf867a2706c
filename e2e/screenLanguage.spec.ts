import { unexpectedLatinWords } from '../src/i18n/latinWords'
import { expect, test } from './fixtures'
import { ApiLog } from './support/apiLog'
import { seriousAxeFindings } from './support/axe'
import { ExamPage } from './support/examPage'
import { translator, type UiLocale } from './support/locale'
import { watchPageProblems } from './support/pageProblems'

/**
 * The main candidate screens in each language, each checked as a person would meet it: no serious or critical axe
 * finding (every default rule, plus label-content-name-mismatch), nothing in the console, no failed load, and on a
 * Chinese screen no Latin words but names, codes and numbers.
 */
const LOCALES: UiLocale[] = ['zh-Hant', 'zh-Hans', 'en']

for (const locale of LOCALES) {
  test(`the candidate's screens in ${locale}: one language, axe clean, a quiet console`, async ({ page, app }) => {
    const problems = watchPageProblems(page)
    const t = translator(locale)
    const exam = new ExamPage(page, t, ApiLog.attach(page))
    const check = async (screen: string): Promise<void> => {
      expect(await seriousAxeFindings(page), `axe-core on ${screen} in ${locale}`).toEqual([])
      expect(problems, `console on ${screen} in ${locale}`).toEqual([])
      if (locale !== 'en') {
        const text = await page.locator('body').innerText()
        expect(unexpectedLatinWords(text), `Latin words on ${screen} in ${locale}`).toEqual([])
      }
    }
    // The station first shows the exam's language (zh-Hant); the candidate then picks theirs.
    await page.goto(app.url)
    await expect(page.getByRole('heading', { name: translator('zh-Hant')('station.title') })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant')
    if (locale !== 'zh-Hant') await page.getByRole('combobox').selectOption(locale)
    await expect(page.locator('html')).toHaveAttribute('lang', locale)
    await exam.checkIn({ candidateId: 'C-2026-0042', name: '陳大文' }, check)
    await check('exam')
    await page.getByRole('button', { name: t('exam.flag'), exact: true }).click()
    await expect(page.getByRole('button', { name: t('exam.unflag'), exact: true })).toBeVisible()
    await page.getByRole('button', { name: t('exam.review'), exact: true }).click()
    await check('review')
  })
}
