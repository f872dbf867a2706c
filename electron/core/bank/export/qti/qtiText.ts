/**
 * Bank text -> XHTML that the QTI importer (import/qti/bodyText.ts) reads back to the same text. Bank text is plain
 * text: its `*` and `-` are characters, not markup, so they are written as they are. Paragraphs (blank-line
 * separated) become `<p>`, line breaks `<br/>`; text whose spacing a browser would collapse (runs of spaces, tabs,
 * indented or empty lines) is written as one `<pre>`, which keeps it exactly.
 */
export function escapeXml(text: string): string {
  // A carriage return as a reference: a raw one would be read back as a line feed (XML end-of-line handling).
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
}

/** An attribute value: line breaks and tabs as references too, since XML turns raw ones in attributes into spaces. */
export const escapeAttr = (text: string): string => escapeXml(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')

const collapsible = (line: string): boolean => line === '' || line !== line.trim() || /[ \t\r]{2}|[\t\r]/.test(line)

export function textToXhtml(text: string, indent = ''): string {
  const paragraphs = text.split('\n\n')
  if (paragraphs.some((p) => p.split('\n').some(collapsible))) return `${indent}<pre>${escapeXml(text)}</pre>`
  return paragraphs.map((p) => `${indent}<p>${p.split('\n').map(escapeXml).join('<br/>')}</p>`).join('\n')
}

/** Characters XML 1.0 cannot carry at all; a bank text holding one cannot be exported. */
// eslint-disable-next-line no-control-regex
export const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/
