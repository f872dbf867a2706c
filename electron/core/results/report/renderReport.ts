import { createHash } from 'node:crypto'
import type { ExamAnalysis } from '../analysis/analysisTypes'
import { REVIEW_THRESHOLDS } from '../analysis/unitAnalysis'
import { withoutSourceMap } from './chartLibrary'
import { allCharts, examCharts } from './reportCharts'
import { REPORT_SCRIPT } from './reportScript'
import { examSection } from './reportSections'
import { REPORT_CSS } from './reportStyles'
import { elementText, html, jsonForScript } from './safeHtml'
import type { SafeHtml } from './safeHtml'

export interface ReportInput {
  analyses: readonly ExamAnalysis[]
  /** ISO-8601; injected so the same results always render the same file. */
  generatedAt: string
  /** Where the results came from, as the admin named it (a database path; never a password). */
  source: string
  /** Chart.js's UMD build (readChartLibrary). */
  chartLibrary: string
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

/**
 * Nothing may load or connect: everything the page needs is inline, and only the exact inline script and style
 * blocks written here run (by hash). The JSON data block is not script, so it needs no hash.
 */
export function contentSecurityPolicy(scripts: readonly string[], styles: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    `style-src ${styles.map(sha256).join(' ')}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

function legend(): SafeHtml {
  return html`<section class="legend" aria-labelledby="legend-title"><h2 id="legend-title">How to read this report</h2><ul>
<li><strong>p (difficulty)</strong>: the share of the item's points candidates earned (points earned ÷ points available); higher is easier.</li>
<li><strong>r (discrimination)</strong>: the corrected point-biserial, the correlation between the item's score and the total score without that item. “–” when fewer than 3 candidates or nobody differs.</li>
<li>Short answers still waiting for a grader are left out of p, r and the pass rate; they count 0 in totals until graded.</li>
<li><strong>⚑ Review</strong> flags an item with p below ${REVIEW_THRESHOLDS.tooHard} or above ${REVIEW_THRESHOLDS.tooEasy}, r below ${REVIEW_THRESHOLDS.lowDiscrimination} or negative, or a wrong option chosen more than the key.</li>
<li>Option choices are counted by the option letters of the bank, whatever order a candidate saw them in; a multiple-choice answer counts once for each letter chosen.</li>
</ul></section>`
}

function contents(analyses: readonly ExamAnalysis[]): SafeHtml | string {
  if (analyses.length < 2) return ''
  const links = analyses.map((exam, i) => html`<li><a href="#exam${i}-title">${exam.title}</a> (${exam.examId}, ${exam.candidates} candidates)</li>`)
  return html`<nav aria-label="Exams"><ul>${links}</ul></nav>`
}

/**
 * The whole report as one HTML file that opens offline in any current browser: styles, data, Chart.js and the
 * page script are inline; charts have text summaries and data tables; every value from the results is escaped.
 */
export function renderReport(input: ReportInput): string {
  const { analyses } = input
  const charts = analyses.map((exam, i) => examCharts(exam, i))
  const data = jsonForScript({ charts: charts.flatMap(allCharts).map(({ id, config }) => ({ id, config })) })
  const library = withoutSourceMap(input.chartLibrary)
  const candidates = analyses.reduce((total, exam) => total + exam.candidates, 0)
  const titles = analyses.map((exam) => exam.title).join(', ')
  const sections = analyses.map((exam, i) => examSection(exam, i, charts[i] ?? examCharts(exam, i)))
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy([library, REPORT_SCRIPT], [REPORT_CSS])}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Results report${titles ? ` – ${titles}` : ''}</title>
<style>${elementText(REPORT_CSS, 'style')}</style>
<script type="application/json" id="report-data">${elementText(data, 'script')}</script>
</head>
<body>
<header>
<h1>Results report</h1>
<p class="meta">Generated ${input.generatedAt} from ${input.source}: ${analyses.length} exam${analyses.length === 1 ? '' : 's'}, ${candidates} candidate${candidates === 1 ? '' : 's'}.</p>
${contents(analyses)}
</header>
<main>
${analyses.length === 0 ? html`<p>No results to report.</p>` : sections}
${legend()}
</main>
<script>${elementText(library, 'script')}</script>
<script>${elementText(REPORT_SCRIPT, 'script')}</script>
</body>
</html>
`
  return page.html
}
