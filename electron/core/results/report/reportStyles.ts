/** The report's stylesheet: inline (the page loads nothing), readable on screen and on paper. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --line: #d0d0d0; --band: #f3f5f7; --flag: #fff4e0; --key: #e3f4ec; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font: 15px/1.45 system-ui, "Segoe UI", "Noto Sans", "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif; color: var(--ink); background: #fff; }
/* Simplified Chinese wants its own glyph forms, which the Traditional (TC) fonts above would not give. */
html:lang(zh-Hans) body { font-family: system-ui, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.exam-id, .meta, .note { color: var(--muted); }
.exam-id { font-size: .9rem; font-weight: normal; }
.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .5rem; margin: 0; }
.summary div { background: var(--band); padding: .4rem .6rem; border-radius: 4px; }
.summary dt { font-size: .8rem; color: var(--muted); }
.summary dd { margin: 0; font-size: 1.15rem; font-weight: 600; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
.figures.options { grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: .6rem; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
.chart { position: relative; height: 16rem; }
.chart-small { height: 10rem; }
.chart-wide { height: 20rem; }
canvas { max-width: 100%; }
table.data { border-collapse: collapse; width: 100%; margin-top: .6rem; font-size: .85rem; font-variant-numeric: tabular-nums; }
table.data caption { text-align: left; color: var(--muted); padding-bottom: .25rem; caption-side: top; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: .2rem .4rem; text-align: left; vertical-align: top; }
table.data thead th { background: var(--band); }
table.data tr.review { background: var(--flag); }
table.data td.incident-text { white-space: pre-wrap; overflow-wrap: anywhere; }
table.data tr.key { background: var(--key); font-weight: 600; }
table.items, table.candidates { margin-top: 1rem; }
table.candidates td, table.items tbody th, table.items td:nth-child(2) { white-space: nowrap; }
table.candidates td.name { white-space: normal; overflow-wrap: anywhere; }
code { font-size: .85em; }
.legend { background: var(--band); padding: .6rem 1rem; border-radius: 4px; }
.legend li { margin: .2rem 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-before: page; }
  section.exam:first-of-type h2 { break-before: auto; }
  .chart { height: 12rem; }
  .chart-small { height: 8rem; }
  .chart-wide { height: 14rem; }
  tr, figure, .summary div { break-inside: avoid; }
  table.data tr.review, table.data tr.key, .summary div, table.data thead th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`
