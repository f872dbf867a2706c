import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'
import { seriousAxeFindings } from './axe'

/** Every run writes the screens here (reports/ is not tracked)... */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../reports/screenshots')
/** ...and, only when asked (INVIGIL_REFRESH_SCREENSHOTS=1), refreshes the committed copies the README shows. */
export const README_SCREENSHOT_DIR = resolve(import.meta.dirname, '../../resources/screenshots')
const refreshReadme = process.env.INVIGIL_REFRESH_SCREENSHOTS === '1'

/**
 * The fonts screenshots are drawn in, from Debian's fonts-noto-cjk (which the tests need anyway): its fonts carry
 * Latin glyphs too, so no screen falls back to whatever Latin font a machine happens to have.
 */
const PINNED_FONTS = ['Noto Sans CJK TC', 'Noto Sans CJK SC', 'Noto Sans Mono CJK TC'] as const
/** Set through the CSSOM on the root element: the app's CSP (style-src 'self') refuses an injected style sheet. */
const PIN_FONTS = `(() => {
  const root = document.documentElement.style
  root.setProperty('--font-latin', "'Noto Sans CJK TC'")
  root.setProperty('--font-cjk-tc', "'Noto Sans CJK TC'")
  root.setProperty('--font-cjk-sc', "'Noto Sans CJK SC'")
  root.setProperty('--font-mono', "'Noto Sans Mono CJK TC'")
  return document.fonts.ready.then(() => undefined)
})()`

/** Fonts of PINNED_FONTS this browser does not have: text drawn in it measures as its generic fallback does. */
const MISSING_FONTS = `(() => {
  const context = document.createElement('canvas').getContext('2d')
  const width = (font) => { context.font = font; return context.measureText('Invigil 0123 mmm WWW 考試').width }
  return ${JSON.stringify(PINNED_FONTS)}.filter((name) =>
    ['monospace', 'serif'].every((generic) => width('16px "' + name + '", ' + generic) === width('16px ' + generic)))
})()`

async function pinFonts(page: Page): Promise<void> {
  expect(
    await page.evaluate<string[]>(MISSING_FONTS),
    'fonts for screenshots (apt-get install fonts-noto-cjk)',
  ).toEqual([])
  await page.evaluate(PIN_FONTS)
}

/** The screens the README shows, in both languages: `<locale>-<screen>.png`. */
export const README_SCREENS: ReadonlySet<string> = new Set([
  'instructions',
  'exam-single',
  'exam-short-answer',
  'exam-scenario',
  'review',
  'confirm-dialog',
  'submitted',
  'exam-rich-code',
  'exam-rich-math',
  'exam-rich-image',
])

/** axe-core over the whole page as it is now: serious and critical violations fail the test (see seriousAxeFindings). */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  expect(await seriousAxeFindings(page), `axe-core on the ${screen} screen`).toEqual([])
}

/**
 * Writes `<prefix>-<screen>.png` to reports/screenshots, and with INVIGIL_REFRESH_SCREENSHOTS=1 to
 * resources/screenshots when the README shows it: a test run changes no tracked file.
 */
export async function saveScreenshot(page: Page, prefix: string, screen: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await pinFonts(page)
  const file = join(SCREENSHOT_DIR, `${prefix}-${screen}.png`)
  // From the top of the page (an earlier click may have scrolled it), animations off and the caret hidden: the same
  // screen gives the same picture.
  await page.evaluate('window.scrollTo(0, 0)')
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' })
  if (refreshReadme && README_SCREENS.has(screen)) {
    mkdirSync(README_SCREENSHOT_DIR, { recursive: true })
    copyFileSync(file, join(README_SCREENSHOT_DIR, `${prefix}-${screen}.png`))
  }
}

/** As saveScreenshot, of one element (a question panel at 200% text is taller than the window). */
export async function saveElementScreenshot(target: Locator, prefix: string, screen: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await pinFonts(target.page())
  const file = join(SCREENSHOT_DIR, `${prefix}-${screen}.png`)
  await target.screenshot({ path: file, animations: 'disabled', caret: 'hide' })
  if (refreshReadme && README_SCREENS.has(screen)) {
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
