import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from '@playwright/test'
import type { Browser, Page } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBankFile } from '../electron/core/bank/loadBank'
import { analyzeExams } from '../electron/core/results/analysis/examAnalysis'
import { readChartLibrary } from '../electron/core/results/report/chartLibrary'
import { renderReport } from '../electron/core/results/report/renderReport'
import { simulatedCohort } from '../electron/core/results/report/testing/simulatedCohort'

// The "done when": the report opens offline and shows its charts. A real Chromium opens the file with
// every network request refused, and each chart's canvas must hold drawn pixels.
const root = resolve(import.meta.dirname, '..')
const HOSTILE_NAME = '<script>window.__injected = 1</script><img src=x onerror="window.__injected = 2">'

let browser: Browser
let page: Page
const problems: string[] = []
const requests: string[] = []
let reportUrl: string

beforeAll(async () => {
  const { bank: seed } = await loadBankFile(join(root, 'banks/it-customer-service-certification-2026.yaml'))
  if (!seed) throw new Error('the seed bank does not load')
  // The seed paper sets no pass mark; 60% of its 114 points gives the pass-rate chart something to show.
  const bank = { ...seed, pass_mark: 68 }
  const results = simulatedCohort(bank, { candidates: 60, seed: 7, names: [HOSTILE_NAME], pendingRate: 0.02 })
  const html = renderReport({ analyses: analyzeExams(results, [bank]), generatedAt: '2026-11-23T10:00:00.000Z', source: 'results.db', chartLibrary: await readChartLibrary() })
  const file = join(mkdtempSync(join(tmpdir(), 'invigil-report-')), 'report.html')
  writeFileSync(file, html)
  reportUrl = pathToFileURL(file).href

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  await page.route('**', async (route) => {
    const url = route.request().url()
    requests.push(url)
    if (url === reportUrl) await route.continue()
    else await route.abort()
  })
  await page.goto(reportUrl)
  await page.waitForSelector('html[data-charts]', { timeout: 10_000 })
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

interface CanvasInk {
  id: string
  width: number
  /** Its pixels differ from a blank canvas of the same size. */
  differs: boolean
  /** Pixels with any paint (alpha above 0). */
  painted: number
}

// Runs in the page (this project's Node typings have no DOM, so the browser side is plain script text).
const CANVAS_INK = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const blank = document.createElement('canvas')
  blank.width = canvas.width
  blank.height = canvas.height
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
  let painted = 0
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1
  return { id: canvas.id, width: canvas.width, differs: canvas.toDataURL() !== blank.toDataURL(), painted }
})`

const canvasInk = async (): Promise<CanvasInk[]> => (await page.evaluate(CANVAS_INK)) as CanvasInk[]

describe('the HTML report in a browser, offline', () => {
  it('loads nothing but itself and logs no error', () => {
    expect(requests).toEqual([reportUrl])
    expect(problems).toEqual([])
  })

  it('draws every chart', async () => {
    const charts = Number(await page.getAttribute('html', 'data-charts'))
    const ink = await canvasInk()
    // Score, pass rate, time, items, and one option chart per choice unit (10 single, 8 multiple, 10 true/false, scenario parts).
    expect(charts).toBe(ink.length)
    expect(ink.length).toBeGreaterThanOrEqual(4 + 28)
    for (const canvas of ink) {
      expect(canvas.width, canvas.id).toBeGreaterThan(0)
      expect(canvas.differs, canvas.id).toBe(true)
      expect(canvas.painted, canvas.id).toBeGreaterThan(500)
    }
    mkdirSync(join(root, 'reports/screenshots'), { recursive: true })
    await page.screenshot({ path: join(root, 'reports/screenshots/report.png'), fullPage: true })
  })

  it('shows a hostile candidate name as text and runs none of it', async () => {
    expect(await page.evaluate('window.__injected')).toBeUndefined()
    expect(await page.locator('table.candidates td', { hasText: '<script>window.__injected' }).count()).toBe(1)
    expect(await page.locator('table.candidates img').count()).toBe(0)
  })

  it('gives every chart a text alternative and a data table', async () => {
    const labels = await page.$$eval('canvas', (canvases) => canvases.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label') ?? '']))
    for (const [role, label] of labels) {
      expect(role).toBe('img')
      expect(label?.length).toBeGreaterThan(20)
    }
    expect(await page.locator('figure table caption').count()).toBe(labels.length)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await page.getAttribute('h2 span[lang]', 'lang')).toBe('zh-Hant')
  })

  it('keeps its charts when printed', async () => {
    await page.emulateMedia({ media: 'print' })
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    const ink = await canvasInk()
    expect(ink.every((canvas) => canvas.differs)).toBe(true)
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    await page.emulateMedia({ media: 'screen' })
  })
})
