import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from '@playwright/test'
import type { Browser, Page } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBankFile } from '../../bank/loadBank'
import { analyzeExams } from '../analysis/examAnalysis'
import { readChartLibrary } from './chartLibrary'
import { renderReport } from './renderReport'
import { simulatedCohort } from './testing/simulatedCohort'

// The "done when": the report opens offline and shows its charts. A real Chromium opens the file with
// every network request refused, and each chart's canvas must hold drawn pixels.
const root = resolve(import.meta.dirname, '../../../..')
const HOSTILE_NAME = '<script>window.__injected = 1</script><img src=x onerror="window.__injected = 2">'

let browser: Browser

/** A report opened from a file with every other request refused; what it asked for and logged is kept. */
interface OpenedReport {
  page: Page
  url: string
  requests: string[]
  problems: string[]
}

async function openOffline(html: string): Promise<OpenedReport> {
  const file = join(mkdtempSync(join(tmpdir(), 'invigil-report-')), 'report.html')
  writeFileSync(file, html)
  const opened: OpenedReport = {
    page: await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage(),
    url: pathToFileURL(file).href,
    requests: [],
    problems: [],
  }
  opened.page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      opened.problems.push(`${message.type()}: ${message.text()}`)
  })
  opened.page.on('pageerror', (error) => opened.problems.push(`pageerror: ${error.message}`))
  await opened.page.route('**', async (route) => {
    const url = route.request().url()
    opened.requests.push(url)
    if (url === opened.url) await route.continue()
    else await route.abort()
  })
  await opened.page.goto(opened.url)
  await opened.page.waitForSelector('html[data-charts]', { timeout: 10_000 })
  return opened
}

let english: OpenedReport
let chinese: OpenedReport
let page: Page

beforeAll(async () => {
  const { bank: seed } = await loadBankFile(join(root, 'banks/it-customer-service-certification-2026.yaml'))
  if (!seed) throw new Error('the seed bank does not load')
  // The seed paper sets no pass mark; 60% of its 114 points gives the pass-rate chart something to show.
  const bank = { ...seed, pass_mark: 68 }
  const results = simulatedCohort(bank, { candidates: 60, seed: 7, names: [HOSTILE_NAME], pendingRate: 0.02 })
  const input = {
    analyses: analyzeExams(results, [bank]),
    generatedAt: '2026-11-23T10:00:00.000Z',
    source: 'results.db',
    chartLibrary: await readChartLibrary(),
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  english = await openOffline(renderReport(input))
  chinese = await openOffline(renderReport({ ...input, locale: 'zh-Hant' }))
  page = english.page
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

const canvasInk = async (on = page): Promise<CanvasInk[]> => (await on.evaluate(CANVAS_INK)) as CanvasInk[]

describe('the HTML report in a browser, offline', () => {
  it('loads nothing but itself and logs no error', () => {
    expect(english.requests).toEqual([english.url])
    expect(english.problems).toEqual([])
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
    const labels = await page.$$eval('canvas', (canvases) =>
      canvases.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label') ?? '']),
    )
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

// The same cohort reported for a Taiwanese admin: the page's own words in zh-Hant, the charts still drawn offline.
const ENGLISH_CHROME = [
  'Results report',
  'How to read this report',
  'Generated',
  'Scores',
  'Score distribution',
  'Pass rate',
  'Time used',
  'Item analysis',
  'Difficulty',
  'Discrimination',
  'Option choices',
  'Candidates',
  'Verdict',
  'Passed',
  'Failed',
  'Pending',
  'Histogram',
  'Keys are taken',
  'key',
]

describe('the HTML report in zh-Hant, in a browser, offline', () => {
  it('loads nothing but itself and logs no error', () => {
    expect(chinese.requests).toEqual([chinese.url])
    expect(chinese.problems).toEqual([])
  })

  it('declares zh-Hant and shows Chinese headings', async () => {
    expect(await chinese.page.getAttribute('html', 'lang')).toBe('zh-Hant')
    expect(await chinese.page.textContent('h1')).toBe('成績報告')
    expect(await chinese.page.locator('h3').allTextContents()).toEqual(['分數', '試題分析', '選項作答分佈', '考生'])
    expect(await chinese.page.locator('figcaption').first().textContent()).toBe('分數分佈')
    expect(await chinese.page.textContent('#legend-title')).toBe('如何閱讀本報告')
  })

  it('shows none of the English chrome, in the text or in what a screen reader announces', async () => {
    const text = await chinese.page.evaluate('document.body.innerText')
    const labels = await chinese.page.$$eval('[aria-label]', (elements) =>
      elements.map((e) => e.getAttribute('aria-label') ?? '').join('\n'),
    )
    for (const word of ENGLISH_CHROME) {
      expect(text, word).not.toContain(word)
      expect(labels, word).not.toContain(word)
    }
  })

  it('draws every chart, with Chinese axis titles', async () => {
    const ink = await canvasInk(chinese.page)
    expect(Number(await chinese.page.getAttribute('html', 'data-charts'))).toBe(ink.length)
    expect(ink.length).toBeGreaterThanOrEqual(4 + 28)
    for (const canvas of ink) expect(canvas.painted, canvas.id).toBeGreaterThan(500)
    const titles = await chinese.page.evaluate(
      "['exam0-score', 'exam0-items'].map((id) => Chart.getChart(id).options.scales.x.title.text)",
    )
    expect(titles).toEqual(['總分（分）', '試題'])
    mkdirSync(join(root, 'reports/screenshots'), { recursive: true })
    await chinese.page.screenshot({ path: join(root, 'reports/screenshots/report-zh-Hant.png'), fullPage: true })
  })
})
