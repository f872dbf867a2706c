import type { CandidateRow, ExamAnalysis, ReviewFlag, UnitAnalysis } from '../analysis/analysisTypes'
import type { HistogramBin } from '../analysis/descriptiveStats'
import { REVIEW_THRESHOLDS } from '../analysis/unitAnalysis'
import type { ChartSpec, ExamCharts } from './reportCharts'
import { choiceLabel, scoreBinLabel, timeBinLabel } from './reportCharts'
import { minutes, orDash } from './reportFormat'
import type { ReportFormat, ReportLanguage } from './reportFormat'
import { html } from './safeHtml'
import type { SafeHtml } from './safeHtml'

/** The report's markup for one exam, in the report's language. Every value goes through `html`, which escapes it. */

const THRESHOLD: Record<ReviewFlag, number | null> = {
  too_hard: REVIEW_THRESHOLDS.tooHard,
  too_easy: REVIEW_THRESHOLDS.tooEasy,
  low_discrimination: REVIEW_THRESHOLDS.lowDiscrimination,
  negative_discrimination: null,
  distractor_beats_key: null,
}

const reviewText = ({ t, format }: ReportLanguage, flag: ReviewFlag): string =>
  t.review[flag]({ threshold: orDash(THRESHOLD[flag], format.points) })

function verdict({ t }: ReportLanguage, row: CandidateRow): string {
  if (row.pending > 0) return t.verdictPending(row.pending)
  return row.passed === null ? '–' : row.passed ? t.verdictPassed : t.verdictFailed
}

/** A chart: the canvas with its summary as label and fallback text, then the table with every number in it. */
function figure(
  title: string,
  chart: ChartSpec,
  table: SafeHtml,
  size: 'small' | 'wide' | 'normal' = 'normal',
): SafeHtml {
  return html`<figure class="chart-figure">
<figcaption>${title}</figcaption>
<div class="chart${size === 'normal' ? '' : ` chart-${size}`}" data-rows="${chart.config.data.labels?.length ?? 0}"><canvas id="${chart.id}" role="img" aria-label="${chart.summary}">${chart.summary}</canvas></div>
${table}
</figure>`
}

function binTable(
  lang: ReportLanguage,
  caption: string,
  heading: string,
  bins: readonly HistogramBin[],
  label: (format: ReportFormat, from: number, to: number) => string,
): SafeHtml {
  const rows = bins.map(
    (b) => html`<tr><th scope="row">${label(lang.format, b.from, b.to)}</th><td>${b.count}</td></tr>`,
  )
  return html`<table class="data"><caption>${caption}</caption><thead><tr><th scope="col">${heading}</th><th scope="col">${lang.t.candidatesColumn}</th></tr></thead><tbody>${rows}</tbody></table>`
}

function summaryList(exam: ExamAnalysis, { t, format }: ReportLanguage): SafeHtml {
  const { score, pass, time } = exam
  const entries: [string, string][] = [
    [t.summary.candidates, String(exam.candidates)],
    [t.summary.maxScore, format.points(exam.maxScore)],
    [t.summary.meanScore, orDash(score.mean, format.points)],
    [t.summary.medianScore, orDash(score.median, format.points)],
    [t.summary.sd, orDash(score.sd, format.points)],
    [
      t.summary.range,
      score.min === null || score.max === null ? '–' : `${format.points(score.min)} – ${format.points(score.max)}`,
    ],
    [t.summary.passMark, orDash(exam.passMark, format.points)],
    [t.summary.passRate, orDash(pass.rate, (r) => format.percent(r, 1))],
    [t.summary.medianTime, orDash(time.medianElapsedMs, minutes)],
  ]
  return html`<dl class="summary">${entries.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`
}

function passTable(exam: ExamAnalysis, { t }: ReportLanguage): SafeHtml {
  const { passed, failed, pending, noPassMark } = exam.pass
  const rows: [string, number][] = [
    [t.passed, passed],
    [t.failed, failed],
    [t.pendingGrading, pending],
    [t.noPassMark, noPassMark],
  ]
  return html`<table class="data"><caption>${t.verdictsCaption}</caption><thead><tr><th scope="col">${t.verdictColumn}</th><th scope="col">${t.candidatesColumn}</th></tr></thead><tbody>${rows.map(
    ([label, count]) => html`<tr><th scope="row">${label}</th><td>${count}</td></tr>`,
  )}</tbody></table>`
}

function itemTable(exam: ExamAnalysis, lang: ReportLanguage): SafeHtml {
  const { t, format } = lang
  const c = t.itemColumns
  const rows = exam.units.map(
    (
      u,
    ) => html`<tr class="${u.review.length > 0 ? 'review' : ''}"><th scope="row">${u.id}</th><td>${t.kind[u.kind]}</td><td>${format.points(u.max)}</td><td>${u.candidates}</td>
<td>${orDash(u.difficulty, format.ratio)}</td><td>${orDash(u.discrimination, format.ratio)}</td><td>${format.percent(u.omitRate)}</td><td>${u.flagged}</td><td>${u.pending}</td>
<td>${u.review.length > 0 ? html`<strong>⚑ ${u.review.map((flag) => reviewText(lang, flag)).join('; ')}</strong>` : '–'}</td></tr>`,
  )
  return html`<table class="data items"><caption>${t.itemsCaption}</caption>
<thead><tr>${[c.item, c.kind, c.max, c.n, c.p, c.r, c.omitted, c.flagged, c.pending, c.review].map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table>`
}

function optionCard(unit: UnitAnalysis, chart: ChartSpec, lang: ReportLanguage): SafeHtml {
  const { t, format } = lang
  const rows = unit.choices.map(
    (c) =>
      html`<tr class="${c.key ? 'key' : ''}"><th scope="row">${choiceLabel(lang, unit, c)}</th><td>${c.count}</td><td>${format.percent(c.rate)}</td></tr>`,
  )
  const caption = t.optionCaption({
    item: unit.id,
    candidates: unit.candidates,
    omitted: format.percent(unit.omitRate),
  })
  const table = html`<table class="data"><caption>${caption}</caption>
<thead><tr><th scope="col">${t.optionColumns.option}</th><th scope="col">${t.optionColumns.chosen}</th><th scope="col">${t.optionColumns.share}</th></tr></thead><tbody>${rows}</tbody></table>`
  return figure(t.optionFigure({ item: unit.id, kind: t.kind[unit.kind] }), chart, table, 'small')
}

function candidateTable(exam: ExamAnalysis, lang: ReportLanguage): SafeHtml {
  const { t, format } = lang
  const c = t.candidateColumns
  const rows = exam.rows.map(
    (
      r,
    ) => html`<tr><th scope="row">${r.candidateId}</th><td class="name">${r.name}</td><td><code>${r.stationId}</code></td><td>${r.sessionId}</td>
<td>${format.points(r.total)} / ${format.points(r.max)}</td><td>${verdict(lang, r)}</td><td>${t.timeOf({ used: minutes(r.elapsedMs), allowed: minutes(r.allowedMs) })}</td></tr>`,
  )
  return html`<table class="data candidates"><caption>${t.candidatesCaption(exam.rows.length)}</caption>
<thead><tr>${[c.candidate, c.name, c.station, c.session, c.score, c.result, c.timeUsed].map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table>`
}

export function examSection(exam: ExamAnalysis, index: number, charts: ExamCharts, lang: ReportLanguage): SafeHtml {
  const { t, format } = lang
  const headingId = `exam${String(index)}-title`
  const examLang = exam.language
  const bankKeys = exam.units.some((u) => u.keySource === 'bank')
  const options = exam.units.flatMap((u) => {
    const chart = charts.options.get(u.id)
    return chart ? [optionCard(u, chart, lang)] : []
  })
  const scoreCaption = t.scoreCaption({ passMark: exam.passMark === null ? null : format.points(exam.passMark) })
  return html`<section class="exam" aria-labelledby="${headingId}">
<h2 id="${headingId}"><span${examLang ? html` lang="${examLang}"` : ''}>${exam.title}</span> <span class="exam-id">${exam.examId}</span></h2>
${summaryList(exam, lang)}
<h3>${t.scoresHeading}</h3>
<div class="figures">
${figure(t.scoreFigure, charts.score, binTable(lang, scoreCaption, t.scoreColumn, exam.scoreHistogram, scoreBinLabel))}
${figure(t.passFigure, charts.pass, passTable(exam, lang))}
${figure(t.timeFigure, charts.time, binTable(lang, t.timeCaption, t.timeColumn, exam.timeUsedHistogram, timeBinLabel))}
</div>
<h3>${t.itemsHeading}</h3>
${figure(t.itemsFigure, charts.items, itemTable(exam, lang), 'wide')}
<h3>${t.optionsHeading}</h3>
<p class="note">${t.keyNote(bankKeys ? 'bank' : 'scores')}</p>
${options.length > 0 ? html`<div class="figures options">${options}</div>` : html`<p>${t.noChoiceItems}</p>`}
<h3>${t.candidatesHeading}</h3>
${candidateTable(exam, lang)}
</section>`
}
