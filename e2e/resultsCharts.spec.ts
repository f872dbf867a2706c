import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { api, e2eBank, expect, PROCTOR_PIN, ADMIN_PASSWORD, seedStation, test } from './support/adminStation'
import { translator, type Translate, type UiLocale } from './support/locale'
import { expectNoSeriousA11yViolations, saveScreenshot, SCREENSHOT_DIR } from './support/screenChecks'

/**
 * The Results screen's charts in every interface language at 100% and 200% text: axe-core finds nothing serious,
 * the screen and the charts are saved as screenshots, and every axis label fits the room Chart.js gave it (read from
 * what the chart itself measured, written on each canvas as data-label-fit) in a font that grew with the text.
 */
const LOCALES: UiLocale[] = ['zh-Hant', 'zh-Hans', 'en']
const CHARTS = ['score', 'pass', 'time', 'items']

interface AxisFit {
  widest: number
  space: number
  tallest: number
  room: number
  shown: number
  labels: number
  rotation: number
  position: string
  fontPx: number
}

async function openResults(page: Page, t: Translate): Promise<void> {
  await page.keyboard.press('Control+Alt+KeyP')
  const panel = page.getByRole('dialog', { name: t('proctor.title') })
  await panel.getByLabel(t('proctor.pin')).fill(PROCTOR_PIN)
  await panel.getByLabel(t('proctor.pin')).press('Enter')
  await panel.getByRole('button', { name: t('proctor.administration') }).click()
  await page.getByLabel(t('admin.password')).fill(ADMIN_PASSWORD)
  await page.getByRole('button', { name: t('admin.signIn') }).click()
  await page
    .getByRole('navigation', { name: t('admin.sections.label') })
    .getByRole('button', { name: t('admin.sections.results') })
    .click()
  await expect(page.getByRole('heading', { name: t('admin.results.title') })).toBeVisible()
}

/** Each chart's own measurements once it has drawn at this text size (a redraw follows a change of size). */
async function chartFits(page: Page, minFontPx: number): Promise<Record<string, Record<string, AxisFit>>> {
  const fits: Record<string, Record<string, AxisFit>> = {}
  for (const chart of CHARTS) {
    const canvas = page.getByTestId(`chart-${chart}`).locator('canvas')
    await expect(canvas, `the ${chart} chart draws at this text size`).toHaveAttribute('data-font-px', /^\d+(\.\d+)?$/)
    await expect
      .poll(async () => Number(await canvas.getAttribute('data-font-px')), { message: chart })
      .toBeGreaterThanOrEqual(minFontPx)
    fits[chart] = JSON.parse((await canvas.getAttribute('data-label-fit')) ?? '{}') as Record<string, AxisFit>
  }
  return fits
}

/** Labels side by side keep half an em clear between them, or "1.2–1.8" and "1.8–2.4" read as one. */
function expectLabelsFit(fits: Record<string, Record<string, AxisFit>>): void {
  for (const [chart, axes] of Object.entries(fits)) {
    expect(Object.keys(axes), `${chart} has two axes`).toHaveLength(2)
    for (const [axis, fit] of Object.entries(axes)) {
      const where = `${chart} chart, ${axis} axis: ${JSON.stringify(fit)}`
      const clear = fit.position === 'bottom' ? fit.fontPx / 2 : 0
      expect(fit.widest + clear, `widest label fits its width, ${where}`).toBeLessThanOrEqual(fit.space + 0.5)
      expect(fit.tallest, `tallest label fits its height, ${where}`).toBeLessThanOrEqual(fit.room + 0.5)
      expect(fit.shown, `no label skipped, ${where}`).toBe(fit.labels)
      expect(fit.rotation, `no label turned, ${where}`).toBe(0)
    }
  }
}

/** Not a giant block: each chart within the window's width, and no taller than 30 lines of text. */
async function expectBoundedCharts(page: Page, rootPx: number): Promise<void> {
  const width = page.viewportSize()?.width ?? 0
  for (const chart of CHARTS) {
    const box = await page.getByTestId(`chart-${chart}`).locator('canvas').boundingBox()
    expect(box && box.x >= 0 && box.x + box.width <= width, `${chart} chart within the window`).toBe(true)
    expect(box?.height ?? Infinity, `${chart} chart height`).toBeLessThanOrEqual(30 * rootPx)
  }
}

/** The charts alone, whole (the screen's screenshot shows only the top of the page). */
async function saveChartsScreenshot(page: Page, prefix: string): Promise<void> {
  // Chromium paints only what is in the window, so the window grows to the page's height for the picture (a width
  // change from a vanishing scroll bar redraws the charts: they are checked again at that width too).
  const size = page.viewportSize() ?? { width: 1366, height: 768 }
  const height = await page.evaluate<number>('document.documentElement.scrollHeight')
  await page.setViewportSize({ width: size.width, height })
  await chartsSettled(page)
  expectLabelsFit(await chartFits(page, 0))
  await page
    .getByTestId(`results-${e2eBank.id}`)
    .locator('.charts')
    .screenshot({ path: join(SCREENSHOT_DIR, `${prefix}-results-charts.png`), animations: 'disabled' })
  await page.setViewportSize(size)
  await chartsSettled(page)
}

/**
 * Waits until the charts stop redrawing: a chart redraws when its width changes, e.g. when the page grows a
 * scroll bar after the first draw, and a screenshot or a measurement taken mid-way would show neither layout.
 */
async function chartsSettled(page: Page): Promise<void> {
  const snapshot = (): Promise<string> =>
    page.evaluate(`JSON.stringify([...document.querySelectorAll('.charts canvas, .charts figure')].map((el) =>
      [el.dataset.labelFit, el.getBoundingClientRect().width, el.getBoundingClientRect().height]))`)
  let before = await snapshot()
  for (let tries = 0; tries < 20; tries++) {
    await page.waitForTimeout(250)
    const now = await snapshot()
    if (now === before) return
    before = now
  }
  throw new Error('the charts keep redrawing')
}

async function checkAt(page: Page, t: Translate, locale: UiLocale, scale: 100 | 200): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-font-scale', String(scale))
  await chartFits(page, scale === 100 ? 12 : 24)
  await chartsSettled(page)
  expectLabelsFit(await chartFits(page, scale === 100 ? 12 : 24))
  await expectBoundedCharts(page, scale === 100 ? 16 : 32)
  await expectNoSeriousA11yViolations(page, `results at ${String(scale)}% (${locale})`)
  const prefix = `${locale}-${String(scale)}`
  await saveScreenshot(page, prefix, 'results')
  await saveChartsScreenshot(page, prefix)
}

for (const locale of LOCALES) {
  test(`results charts in ${locale} are legible at 100% and 200% text, every label within its room`, async ({
    page,
    station,
  }) => {
    await seedStation(station)
    // One candidate sat and submitted.
    const { token } = await api(station, 'proctor.login', { pin: PROCTOR_PIN })
    await api(station, 'proctor.startSession', { token, candidateId: 'C-001' })
    await api(station, 'session.acknowledgeRules', {})
    await api(station, 'session.saveAnswer', { unitId: 'sa1', response: 'Listen, then restate the fault.' })
    await api(station, 'session.saveAnswer', { unitId: 'q1', response: 'B' })
    await api(station, 'session.submit', {})
    // Graded, so the exam (which sets no pass mark) shows the verdict whose label the old chart cut to "Io pass mar".
    const admin = await api(station, 'admin.login', { password: ADMIN_PASSWORD })
    const [waiting] = await api(station, 'admin.gradingQueue', { token: admin.token })
    if (!waiting) throw new Error('the short answer is not waiting for a grader')
    await api(station, 'admin.recordScore', {
      token: admin.token,
      sessionId: waiting.sessionId,
      unitId: 'sa1',
      score: 4,
    })
    await api(station, 'admin.logout', { token: admin.token })

    const stored = JSON.stringify({ locale, fontScale: 100, highContrast: false })
    await page.addInitScript(`localStorage.setItem('invigil.preferences', ${JSON.stringify(stored)})`)
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(station.url)
    const t = translator(locale)
    await openResults(page, t)
    await checkAt(page, t, locale, 100)

    const larger = page.getByRole('button', { name: t('prefs.larger'), exact: true })
    while ((await larger.getAttribute('aria-disabled')) !== 'true') await larger.click()
    await checkAt(page, t, locale, 200)

    // A narrower window wraps the labels again (or turns the bars), rather than keeping the wider window's.
    await page.setViewportSize({ width: 800, height: 768 })
    await expect(async () => {
      expectLabelsFit(await chartFits(page, 24))
    }).toPass({ timeout: 15_000 })
    await chartsSettled(page)
    await expectBoundedCharts(page, 32)
    await saveChartsScreenshot(page, `${locale}-200-narrow`)
  })
}
