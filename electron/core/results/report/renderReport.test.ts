import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { analyzeExams } from '../analysis/examAnalysis'
import { fixtureBank, fixtureResults, resultFixture } from '../analysis/testing/resultFixtures'
import { readChartLibrary, withoutSourceMap } from './chartLibrary'
import { renderReport } from './renderReport'
import { parseReportLocale } from './reportMessages'
import type { ReportLocale } from './reportMessageTypes'
import { REPORT_MESSAGES_EN } from './reportMessagesEn'

const STUB_LIBRARY = 'window.Chart = function Chart() {};\n//# sourceMappingURL=chart.umd.min.js.map\n'
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'

function render(results = fixtureResults, banks = [fixtureBank], chartLibrary = STUB_LIBRARY): string {
  return renderReport({
    analyses: analyzeExams(results, banks),
    generatedAt: '2026-11-23T10:00:00.000Z',
    source: 'results.db',
    chartLibrary,
  })
}

const inlineBlocks = (page: string, tag: 'script' | 'style'): string[] =>
  [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => match[1] ?? '')

const hash = (text: string): string => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`

describe('the HTML report', () => {
  it('allows exactly its own inline scripts and style by hash, and nothing to load', () => {
    const page = render()
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1]?.replaceAll('&#39;', "'") ?? ''
    const scripts = inlineBlocks(page, 'script')
    expect(scripts).toHaveLength(2)
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain(`script-src ${scripts.map((s) => `'${hash(s)}'`).join(' ')};`)
    expect(csp).toContain(`style-src '${hash(inlineBlocks(page, 'style')[0] ?? '')}'`)
    expect(csp).not.toContain('unsafe')
    expect(page).not.toMatch(/\s(src|href)="(?!#)/)
    expect(page).not.toContain('sourceMappingURL')
  })

  it('carries the chart configurations as JSON, one per canvas', () => {
    const page = render()
    const json = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(page)?.[1] ?? ''
    const { charts } = JSON.parse(json) as { charts: { id: string; config: { type: string } }[] }
    const canvases = [...page.matchAll(/<canvas id="([^"]+)"/g)].map((m) => m[1])
    // Score, pass, time, items, and options for the three choice items.
    expect(charts.map((c) => c.id)).toEqual(canvases)
    expect(charts.map((c) => c.config.type)).toEqual(['bar', 'doughnut', 'bar', 'bar', 'bar', 'bar', 'bar'])
  })

  it('escapes a hostile candidate name and exam title everywhere', () => {
    const results = [
      resultFixture({
        candidate: 'c9',
        name: HOSTILE,
        title: HOSTILE,
        units: [{ id: 'q1', points: 1, max: 1, response: 'B' }],
      }),
    ]
    const page = render(results, [])
    expect(page.match(/<script/g)).toHaveLength(3)
    expect(page).not.toContain('<img')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;')
  })

  it('has a language, headings, captions and a text alternative for every chart', () => {
    const page = render()
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(page).toContain('<h2 id="exam0-title"><span lang="en">Exam One</span>')
    const canvases = page.match(/<canvas [^>]*>/g) ?? []
    expect(canvases.every((tag) => /role="img" aria-label="[^"]{20,}"/.test(tag))).toBe(true)
    expect(page.match(/<caption>/g)?.length).toBeGreaterThanOrEqual(canvases.length + 1)
  })

  it('says where the marked key comes from', () => {
    expect(render()).toContain('Keys are taken from the exam bank.')
    expect(render(fixtureResults, [])).toContain(
      'the key marked is the option (or options) chosen by candidates who earned full points',
    )
    expect(render()).toContain('<tr class="key"><th scope="row">B ✓ key</th><td>3</td><td>60%</td></tr>')
  })

  it('says so when there is nothing to report', () => {
    expect(render([], [])).toContain('<p>No results to report.</p>')
  })

  it('renders the same file for the same input', () => {
    expect(render()).toBe(render())
  })
})

// The exam's own texts in Chinese too, so any English left on the page can only be the report's own wording.
const chineseResults = fixtureResults.map((result) => ({
  ...result,
  exam: { ...result.exam, title: '第一次模擬考' },
  candidate: { ...result.candidate, name: `王${result.candidate.id}` },
}))

const renderIn = (locale: ReportLocale, results = chineseResults): string =>
  renderReport({
    analyses: analyzeExams(results, [fixtureBank]),
    generatedAt: '2026-11-23T10:00:00.000Z',
    source: 'results.db',
    chartLibrary: STUB_LIBRARY,
    locale,
    timeZone: 'UTC',
  })

interface ChartConfig {
  data: { labels?: string[]; datasets: { label: string }[] }
  options: { locale?: string; scales?: Record<string, { title?: { text?: string } }> }
}

function chartConfigs(page: string): ChartConfig[] {
  const json = /id="report-data">([^<]*)<\/script>/.exec(page)?.[1] ?? ''
  return (JSON.parse(json) as { charts: { config: ChartConfig }[] }).charts.map((chart) => chart.config)
}

/** What a reader sees or hears: element text (not style or script), every aria-label, and the words the charts draw. */
function readableText(page: string): string {
  const body = page.replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/g, '')
  const labels = [...body.matchAll(/aria-label="([^"]*)"/g)].map((match) => match[1] ?? '')
  const drawn = chartConfigs(page).flatMap(({ data, options }) => [
    ...(data.labels ?? []),
    ...data.datasets.map((dataset) => dataset.label),
    ...Object.values(options.scales ?? {}).map((scale) => scale.title?.text ?? ''),
  ])
  return [body.replace(/<[^>]*>/g, ' '), ...labels, ...drawn].join('\n')
}

/** Every plain-text English message with a word in it (so "p / r" and the column "n" are left out). */
function englishWording(messages: unknown): string[] {
  if (typeof messages === 'string') return /[A-Za-z]{3}/.test(messages) ? [messages] : []
  return typeof messages === 'object' && messages !== null ? Object.values(messages).flatMap(englishWording) : []
}

describe("the HTML report in the admin's language", () => {
  it('writes zh-Hant chrome under lang="zh-Hant", leaving the exam\'s own texts as they are', () => {
    const page = renderIn('zh-Hant')
    expect(page).toMatch(/^<!doctype html>\n<html lang="zh-Hant">/)
    expect(page).toContain('<title>成績報告 – 第一次模擬考</title>')
    expect(page).toContain('<h2 id="legend-title">如何閱讀本報告</h2>')
    expect([...page.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual([
      '分數',
      '試題分析',
      '選項作答分佈',
      '考生',
    ])
    expect(page).toContain('<tr class="key"><th scope="row">B ✓ 正確答案</th><td>3</td><td>60%</td></tr>')
    expect(page).toContain('<th scope="row">正確 ✓ 正確答案</th>')
    expect(page).toContain('<span lang="en">第一次模擬考</span>')
    expect(page).toContain('正確答案取自考試題庫。')
  })

  it('leaves no English wording of its own anywhere a reader sees or hears', () => {
    const text = readableText(renderIn('zh-Hant'))
    const headings = [
      'Results report',
      'How to read this report',
      'Scores',
      'Item analysis',
      'Option choices',
      'Candidates',
      'Score distribution',
      'Pass rate',
      'Time used',
    ]
    const prose = [
      'Generated',
      'Histogram',
      'candidates',
      'Choices for item',
      'flagged for review',
      'passed',
      'failed',
      'pending',
      'true',
      'false',
      ' of ',
    ]
    const messages = englishWording(REPORT_MESSAGES_EN)
    expect(messages.length).toBeGreaterThan(60)
    for (const english of [...headings, ...prose, ...messages]) expect(text, english).not.toContain(english)
  })

  it('gives the charts Chinese titles and labels, formatted for the locale', () => {
    const configs = chartConfigs(renderIn('zh-Hans'))
    expect(configs.every((config) => config.options.locale === 'zh-Hans')).toBe(true)
    expect(configs[0]?.options.scales?.x?.title?.text).toBe('总分（分）')
    expect(configs[1]?.data.labels).toEqual(['合格', '不合格', '待评分'])
    expect(renderIn('zh-Hans')).toContain(
      'aria-label="试题 q3 的选项分布（5 名考生）；正确答案 正确；选择最多 正确（60%）；未作答 20%。"',
    )
  })

  it('prints the generated time in the locale, with the exact instant in <time datetime>', () => {
    expect(renderIn('zh-Hant')).toMatch(
      /<time datetime="2026-11-23T10:00:00.000Z">2026年11月23日 [^<]*10:00:00[^<]*<\/time>/,
    )
    expect(renderIn('en', fixtureResults)).toMatch(
      /<time datetime="2026-11-23T10:00:00.000Z">November 23, 2026 at 10:00:00\sAM UTC<\/time>/,
    )
  })

  it('reads a locale as typed in any letter case, and knows no other', () => {
    expect(['en', 'zh-hant', 'ZH-HANS'].map(parseReportLocale)).toEqual(['en', 'zh-Hant', 'zh-Hans'])
    expect(['fr', 'zh', 'zh-TW', ''].map(parseReportLocale)).toEqual([undefined, undefined, undefined, undefined])
  })
})

describe('the chart library', () => {
  it('is read from the installed chart.js without its source-map comment', async () => {
    const library = await readChartLibrary()
    expect(library).toMatch(/^\/\*!\n \* Chart\.js v4\./)
    expect(library).not.toContain('sourceMappingURL')
    expect(withoutSourceMap(STUB_LIBRARY)).toBe('window.Chart = function Chart() {};')
  })

  it("carries the room's incident reports, escaped, in the report's language; none said as none", () => {
    const report = (locale: ReportLocale, incidentReports: Parameters<typeof renderReport>[0]['incidentReports']) =>
      renderReport({
        analyses: analyzeExams(fixtureResults, [fixtureBank]),
        generatedAt: '2026-11-23T10:00:00.000Z',
        source: 'results.db',
        chartLibrary: STUB_LIBRARY,
        locale,
        timeZone: 'Asia/Hong_Kong',
        ...(incidentReports === undefined ? {} : { incidentReports }),
      })
    const written = [
      { seat: 'B-01', candidateId: null, staffId: 'P02', text: HOSTILE, reportedAt: '2026-11-23T01:30:00.000Z' },
    ]
    const page = report('zh-Hant', written)
    expect(page).toContain('<h2 id="incidents-title">事故報告</h2>')
    expect(page).toContain('<caption>職員在考場主控台撰寫的 1 份報告，由舊至新</caption>')
    expect(page).toMatch(/<th scope="row">B-01<\/th><td>–<\/td><td>P02<\/td>/)
    expect(page).not.toContain(HOSTILE)
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(report('zh-Hans', [])).toContain('<p>本场考试没有职员在考场主控台撰写事故报告。</p>')
    expect(report('en', undefined)).not.toContain('incidents-title')
  })
})
