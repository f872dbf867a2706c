import type { CandidateRow, ExamAnalysis, ReviewFlag, UnitAnalysis } from '../analysis/analysisTypes'
import type { HistogramBin } from '../analysis/descriptiveStats'
import { REVIEW_THRESHOLDS } from '../analysis/unitAnalysis'
import type { ChartSpec, ExamCharts } from './reportCharts'
import { choiceLabel, scoreBinLabel, timeBinLabel } from './reportCharts'
import { minutes, orDash, percent, points, ratio } from './reportFormat'
import { html } from './safeHtml'
import type { SafeHtml } from './safeHtml'

/** The report's markup for one exam. Every value goes through `html`, which escapes it. */

const REVIEW_TEXT: Record<ReviewFlag, string> = {
  too_hard: `hard (p < ${String(REVIEW_THRESHOLDS.tooHard)})`,
  too_easy: `easy (p > ${String(REVIEW_THRESHOLDS.tooEasy)})`,
  low_discrimination: `low discrimination (r < ${String(REVIEW_THRESHOLDS.lowDiscrimination)})`,
  negative_discrimination: 'negative discrimination',
  distractor_beats_key: 'a distractor was chosen more than the key',
}

const KIND_TEXT: Record<UnitAnalysis['kind'], string> = {
  single: 'single choice',
  multiple: 'multiple choice',
  true_false: 'true/false',
  text: 'short answer',
  unknown: 'unknown',
}

const verdict = (row: CandidateRow): string => (row.pending > 0 ? `pending (${String(row.pending)} to grade)` : row.passed === null ? '–' : row.passed ? 'passed' : 'failed')

/** A chart: the canvas with its summary as label and fallback text, then the table with every number in it. */
function figure(title: string, chart: ChartSpec, table: SafeHtml, size: 'small' | 'wide' | 'normal' = 'normal'): SafeHtml {
  return html`<figure class="chart-figure">
<figcaption>${title}</figcaption>
<div class="chart${size === 'normal' ? '' : ` chart-${size}`}" data-rows="${chart.config.data.labels?.length ?? 0}"><canvas id="${chart.id}" role="img" aria-label="${chart.summary}">${chart.summary}</canvas></div>
${table}
</figure>`
}

function binTable(caption: string, heading: string, bins: readonly HistogramBin[], label: (from: number, to: number) => string): SafeHtml {
  const rows = bins.map((b) => html`<tr><th scope="row">${label(b.from, b.to)}</th><td>${b.count}</td></tr>`)
  return html`<table class="data"><caption>${caption}</caption><thead><tr><th scope="col">${heading}</th><th scope="col">Candidates</th></tr></thead><tbody>${rows}</tbody></table>`
}

const scoreCaption = (exam: ExamAnalysis): string =>
  `Candidates by total score (points)${exam.passMark === null ? '' : `; orange bars lie wholly below the pass mark of ${points(exam.passMark)}`}`

function summaryList(exam: ExamAnalysis): SafeHtml {
  const { score, pass, time } = exam
  const entries: [string, string][] = [
    ['Candidates', String(exam.candidates)],
    ['Maximum score', points(exam.maxScore)],
    ['Mean score', orDash(score.mean, points)],
    ['Median score', orDash(score.median, points)],
    ['Standard deviation (n − 1)', orDash(score.sd, points)],
    ['Lowest – highest', score.min === null || score.max === null ? '–' : `${points(score.min)} – ${points(score.max)}`],
    ['Pass mark', orDash(exam.passMark, points)],
    ['Pass rate (pending excluded)', orDash(pass.rate, (r) => percent(r, 1))],
    ['Median time used', orDash(time.medianElapsedMs, minutes)],
  ]
  return html`<dl class="summary">${entries.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`
}

function passTable(exam: ExamAnalysis): SafeHtml {
  const { passed, failed, pending, noPassMark } = exam.pass
  const rows: [string, number][] = [
    ['Passed', passed],
    ['Failed', failed],
    ['Pending grading', pending],
    ['No pass mark', noPassMark],
  ]
  return html`<table class="data"><caption>Verdicts</caption><thead><tr><th scope="col">Verdict</th><th scope="col">Candidates</th></tr></thead><tbody>${rows.map(
    ([label, count]) => html`<tr><th scope="row">${label}</th><td>${count}</td></tr>`,
  )}</tbody></table>`
}

function itemTable(exam: ExamAnalysis): SafeHtml {
  const rows = exam.units.map(
    (u) => html`<tr class="${u.review.length > 0 ? 'review' : ''}"><th scope="row">${u.id}</th><td>${KIND_TEXT[u.kind]}</td><td>${points(u.max)}</td><td>${u.candidates}</td>
<td>${orDash(u.difficulty, ratio)}</td><td>${orDash(u.discrimination, ratio)}</td><td>${percent(u.omitRate)}</td><td>${u.flagged}</td><td>${u.pending}</td>
<td>${u.review.length > 0 ? html`<strong>⚑ ${u.review.map((flag) => REVIEW_TEXT[flag]).join('; ')}</strong>` : '–'}</td></tr>`,
  )
  return html`<table class="data items"><caption>Item analysis: difficulty p, discrimination r (item vs. total minus item), omissions, candidate flags, review flags</caption>
<thead><tr><th scope="col">Item</th><th scope="col">Kind</th><th scope="col">Max</th><th scope="col">n</th><th scope="col">p</th><th scope="col">r</th><th scope="col">Omitted</th><th scope="col">Flagged by candidates</th><th scope="col">Pending</th><th scope="col">Review</th></tr></thead>
<tbody>${rows}</tbody></table>`
}

function optionCard(unit: UnitAnalysis, chart: ChartSpec): SafeHtml {
  const rows = unit.choices.map(
    (c) => html`<tr class="${c.key ? 'key' : ''}"><th scope="row">${choiceLabel(c.choice, c.key)}</th><td>${c.count}</td><td>${percent(c.rate)}</td></tr>`,
  )
  const table = html`<table class="data"><caption>Item ${unit.id}: choices (${unit.candidates} candidates, ${percent(unit.omitRate)} omitted)</caption>
<thead><tr><th scope="col">Option</th><th scope="col">Chosen</th><th scope="col">Share</th></tr></thead><tbody>${rows}</tbody></table>`
  return figure(`Item ${unit.id} (${KIND_TEXT[unit.kind]})`, chart, table, 'small')
}

const KEY_NOTE = {
  bank: 'Keys are taken from the exam bank.',
  scores: 'No bank was given for this exam: the key marked is the option (or options) chosen by candidates who earned full points; an item nobody answered fully right shows no key.',
}

function candidateTable(exam: ExamAnalysis): SafeHtml {
  const rows = exam.rows.map(
    (r) => html`<tr><th scope="row">${r.candidateId}</th><td class="name">${r.name}</td><td><code>${r.stationId}</code></td><td>${r.sessionId}</td>
<td>${points(r.total)} / ${points(r.max)}</td><td>${verdict(r)}</td><td>${minutes(r.elapsedMs)} of ${minutes(r.allowedMs)}</td></tr>`,
  )
  return html`<table class="data candidates"><caption>Candidates (${exam.rows.length})</caption>
<thead><tr><th scope="col">Candidate</th><th scope="col">Name</th><th scope="col">Station</th><th scope="col">Session</th><th scope="col">Score</th><th scope="col">Result</th><th scope="col">Time used</th></tr></thead>
<tbody>${rows}</tbody></table>`
}

export function examSection(exam: ExamAnalysis, index: number, charts: ExamCharts): SafeHtml {
  const headingId = `exam${String(index)}-title`
  const lang = exam.language
  const bankKeys = exam.units.some((u) => u.keySource === 'bank')
  const options = exam.units.flatMap((u) => {
    const chart = charts.options.get(u.id)
    return chart ? [optionCard(u, chart)] : []
  })
  return html`<section class="exam" aria-labelledby="${headingId}">
<h2 id="${headingId}"><span${lang ? html` lang="${lang}"` : ''}>${exam.title}</span> <span class="exam-id">${exam.examId}</span></h2>
${summaryList(exam)}
<h3>Scores</h3>
<div class="figures">
${figure('Score distribution', charts.score, binTable(scoreCaption(exam), 'Score', exam.scoreHistogram, scoreBinLabel))}
${figure('Pass rate', charts.pass, passTable(exam))}
${figure('Time used', charts.time, binTable('Candidates by share of allowed time used', 'Time used', exam.timeUsedHistogram, timeBinLabel))}
</div>
<h3>Item analysis</h3>
${figure('Difficulty and discrimination by item', charts.items, itemTable(exam), 'wide')}
<h3>Option choices</h3>
<p class="note">${bankKeys ? KEY_NOTE.bank : KEY_NOTE.scores} The key is marked “✓ key” and shown in green.</p>
${options.length > 0 ? html`<div class="figures options">${options}</div>` : html`<p>No choice items.</p>`}
<h3>Candidates</h3>
${candidateTable(exam)}
</section>`
}
