import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { analyzeExams } from '../analysis/examAnalysis'
import { fixtureBank, fixtureResults, resultFixture } from '../analysis/testing/resultFixtures'
import { readChartLibrary, withoutSourceMap } from './chartLibrary'
import { renderReport } from './renderReport'

const STUB_LIBRARY = 'window.Chart = function Chart() {};\n//# sourceMappingURL=chart.umd.min.js.map\n'
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'

function render(results = fixtureResults, banks = [fixtureBank], chartLibrary = STUB_LIBRARY): string {
  return renderReport({ analyses: analyzeExams(results, banks), generatedAt: '2026-11-23T10:00:00.000Z', source: 'results.db', chartLibrary })
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
    const results = [resultFixture({ candidate: 'c9', name: HOSTILE, title: HOSTILE, units: [{ id: 'q1', points: 1, max: 1, response: 'B' }] })]
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
    expect(render(fixtureResults, [])).toContain('the key marked is the option (or options) chosen by candidates who earned full points')
    expect(render()).toContain('<tr class="key"><th scope="row">B ✓ key</th><td>3</td><td>60%</td></tr>')
  })

  it('says so when there is nothing to report', () => {
    expect(render([], [])).toContain('<p>No results to report.</p>')
  })

  it('renders the same file for the same input', () => {
    expect(render()).toBe(render())
  })
})

describe('the chart library', () => {
  it('is read from the installed chart.js without its source-map comment', async () => {
    const library = await readChartLibrary()
    expect(library).toMatch(/^\/\*!\n \* Chart\.js v4\./)
    expect(library).not.toContain('sourceMappingURL')
    expect(withoutSourceMap(STUB_LIBRARY)).toBe('window.Chart = function Chart() {};')
  })
})
