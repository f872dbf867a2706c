import type { ReportLanguage } from './reportFormat'
import { html } from './safeHtml'
import type { SafeHtml } from './safeHtml'

/**
 * The irregularity reports staff wrote on the room console, in the sitting's report: they are part of the sitting's
 * record, so the report built on the room PC carries them beside the results, oldest first, each as written.
 */
export interface ReportIncident {
  seat: string
  candidateId: string | null
  staffId: string
  text: string
  /** ISO-8601. */
  reportedAt: string
}

export function incidentSection(reports: readonly ReportIncident[], { t, format }: ReportLanguage): SafeHtml {
  const c = t.incidentColumns
  const body =
    reports.length === 0
      ? html`<p>${t.incidentsNone}</p>`
      : html`<table class="data incidents"><caption>${t.incidentsCaption({ count: reports.length })}</caption>
<thead><tr>${[c.reportedAt, c.seat, c.candidate, c.staff, c.text].map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
<tbody>${reports.map(
          (r) =>
            html`<tr><td><time datetime="${r.reportedAt}">${format.dateTime(r.reportedAt)}</time></td><th scope="row">${r.seat}</th><td>${r.candidateId ?? '–'}</td><td>${r.staffId}</td><td class="incident-text">${r.text}</td></tr>`,
        )}</tbody></table>`
  return html`<section class="incidents" aria-labelledby="incidents-title"><h2 id="incidents-title">${t.incidentsHeading}</h2>
${body}</section>`
}
