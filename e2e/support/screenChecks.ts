import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** Every run writes the screens here (PNGs are gitignored)... */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../screenshots')
/** ...and refreshes the committed copies of the ones the README shows. */
export const README_SCREENSHOT_DIR = resolve(import.meta.dirname, '../../resources/screenshots')

/** The screens the README shows, in both languages: `<locale>-<screen>.png`. */
export const README_SCREENS: ReadonlySet<string> = new Set([
  'instructions',
  'exam-single',
  'exam-short-answer',
  'review',
  'confirm-dialog',
  'submitted',
])

/**
 * axe-core over the whole page as it is now. Only serious and critical violations fail the test; each one is
 * listed with the elements it was found on, so the failure message says what to fix.
 */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  // Only violations are read; asking for nothing else spares axe the detail of every passing node.
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze()
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${String(violation.impact)} ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
    )
  expect(serious, `axe-core on the ${screen} screen`).toEqual([])
}

/** Writes `<prefix>-<screen>.png` to e2e/screenshots, and to resources/screenshots when the README shows it. */
export async function saveScreenshot(page: Page, prefix: string, screen: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = join(SCREENSHOT_DIR, `${prefix}-${screen}.png`)
  // From the top of the page (an earlier click may have scrolled it), animations off and the caret hidden: the same
  // screen gives the same picture.
  await page.evaluate('window.scrollTo(0, 0)')
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' })
  if (README_SCREENS.has(screen)) {
    mkdirSync(README_SCREENSHOT_DIR, { recursive: true })
    copyFileSync(file, join(README_SCREENSHOT_DIR, `${prefix}-${screen}.png`))
  }
}

/** What a flow does on reaching each screen: an axe scan, and a screenshot when `screenshotPrefix` is set. */
export type ScreenCheck = (screen: string) => Promise<void>

export function screenChecks(page: Page, screenshotPrefix?: string): ScreenCheck {
  return async (screen) => {
    await expectNoSeriousA11yViolations(page, screen)
    if (screenshotPrefix !== undefined) await saveScreenshot(page, screenshotPrefix, screen)
  }
}
