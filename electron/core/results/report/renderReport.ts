import { createHash } from 'node:crypto'
import type { ExamAnalysis } from '../analysis/analysisTypes'
import { REVIEW_THRESHOLDS } from '../analysis/unitAnalysis'
import { withoutSourceMap } from './chartLibrary'
import { allCharts, examCharts } from './reportCharts'
import { reportLanguage } from './reportFormat'
import type { ReportLanguage } from './reportFormat'
import type { ReportLocale } from './reportMessageTypes'
import { incidentSection, type ReportIncident } from './incidentSection'
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
  /** The language of the report's own words and number formats (default en); the exam's texts stay as they are. */
  locale?: ReportLocale
  /** The room's incident reports, for a sitting's report built on the room PC; undefined leaves the section out. */
  incidentReports?: readonly ReportIncident[]
  /** IANA zone for the generated time (default: this PC's); injected so tests do not depend on the machine. */
  timeZone?: string
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

function legend({ t, format }: ReportLanguage): SafeHtml {
  const review = t.legendReview.text({
    tooHard: format.points(REVIEW_THRESHOLDS.tooHard),
    tooEasy: format.points(REVIEW_THRESHOLDS.tooEasy),
    lowDiscrimination: format.points(REVIEW_THRESHOLDS.lowDiscrimination),
  })
  return html`<section class="legend" aria-labelledby="legend-title"><h2 id="legend-title">${t.legendTitle}</h2><ul>
<li><strong>${t.legendDifficulty.term}</strong>${t.legendDifficulty.text}</li>
<li><strong>${t.legendDiscrimination.term}</strong>${t.legendDiscrimination.text}</li>
<li>${t.legendPending}</li>
<li><strong>${t.legendReview.term}</strong>${review}</li>
<li>${t.legendChoices}</li>
</ul></section>`
}

function contents(analyses: readonly ExamAnalysis[], { t }: ReportLanguage): SafeHtml | string {
  if (analyses.length < 2) return ''
  const links = analyses.map(
    (exam, i) =>
      html`<li><a href="#exam${i}-title">${exam.title}</a>${t.examLink({ examId: exam.examId, candidates: exam.candidates })}</li>`,
  )
  return html`<nav aria-label="${t.examsNav}"><ul>${links}</ul></nav>`
}

/**
 * The whole report as one HTML file that opens offline in any current browser: styles, data, Chart.js and the
 * page script are inline; charts have text summaries and data tables; every value from the results is escaped.
 */
export function renderReport(input: ReportInput): string {
  const { analyses } = input
  const lang = reportLanguage(input.locale ?? 'en', input.timeZone)
  const { t } = lang
  const charts = analyses.map((exam, i) => examCharts(exam, i, lang))
  const data = jsonForScript({ charts: charts.flatMap(allCharts).map(({ id, config }) => ({ id, config })) })
  const library = withoutSourceMap(input.chartLibrary)
  const candidates = analyses.reduce((total, exam) => total + exam.candidates, 0)
  const titles = analyses.map((exam) => exam.title).join(', ')
  const generatedAt = html`<time datetime="${input.generatedAt}">${lang.format.dateTime(input.generatedAt)}</time>`
  const sections = analyses.map((exam, i) => examSection(exam, i, charts[i] ?? examCharts(exam, i, lang), lang))
  const page = html`<!doctype html>
<html lang="${lang.locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy([library, REPORT_SCRIPT], [REPORT_CSS])}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.reportTitle}${titles ? ` – ${titles}` : ''}</title>
<style>${elementText(REPORT_CSS, 'style')}</style>
<script type="application/json" id="report-data">${elementText(data, 'script')}</script>
</head>
<body>
<header>
<h1>${t.reportTitle}</h1>
<p class="meta">${t.generated({ at: generatedAt, source: input.source, exams: analyses.length, candidates })}</p>
${contents(analyses, lang)}
</header>
<main>
${analyses.length === 0 ? html`<p>${t.noResults}</p>` : sections}
${input.incidentReports === undefined ? '' : incidentSection(input.incidentReports, lang)}
${legend(lang)}
</main>
<script>${elementText(library, 'script')}</script>
<script>${elementText(REPORT_SCRIPT, 'script')}</script>
</body>
</html>
`
  return page.html
}
