/**
 * HTML -> plain text for GIFT fragments marked `[html]`, which is what Moodle's own export writes. Items are plain
 * text, so the markup must go, but what it said must stay readable: paragraphs and line breaks become line breaks,
 * entities are decoded, and the tags whose formatting is lost (bold, images, tables, links ...) are named so the
 * importer can warn about them.
 */

/** Tags whose loss changes nothing a candidate would notice: paragraphs, line breaks, spans and plain blocks. */
const HARMLESS = new Set(['p', 'br', 'span', 'div'])
/** Blocks that end a paragraph (a blank line) or a line; everything else is inline and just goes. */
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'blockquote', 'pre'])
const LINE = new Set(['div', 'li', 'dt', 'dd', 'tr', 'hr', 'figure', 'figcaption', 'section', 'article'])
const CELL = new Set(['td', 'th'])

// Private-use placeholders for block edges until runs of them are merged.
const PARAGRAPH_BREAK = '\ue001'
const LINE_BREAK = '\ue000'

// `[^<>]*`, not `[^>]*`: a stray `<` then cannot make each later one rescan to the end of the text.
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>|<!--[\s\S]*?(?:-->|$)/g
const HIDDEN_CONTENT = /<(script|style)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi

const NAMED: ReadonlyMap<string, string> = new Map(
  Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: '\u00a0',
    ensp: '\u2002',
    emsp: '\u2003',
    thinsp: '\u2009',
    shy: '\u00ad',
    ndash: '–',
    mdash: '—',
    minus: '−',
    hellip: '…',
    lsquo: '‘',
    rsquo: '’',
    ldquo: '“',
    rdquo: '”',
    laquo: '«',
    raquo: '»',
    bull: '•',
    middot: '·',
    deg: '°',
    plusmn: '±',
    times: '×',
    divide: '÷',
    le: '≤',
    ge: '≥',
    ne: '≠',
    asymp: '≈',
    infin: '∞',
    sup2: '²',
    sup3: '³',
    frac12: '½',
    frac14: '¼',
    frac34: '¾',
    micro: 'µ',
    larr: '←',
    rarr: '→',
    harr: '↔',
    copy: '©',
    reg: '®',
    trade: '™',
    sect: '§',
    para: '¶',
    euro: '€',
    pound: '£',
    yen: '¥',
    cent: '¢',
    iexcl: '¡',
    iquest: '¿',
  }),
)

/** `&amp;`, `&#38;`, `&#x26;` -> `&`; an unknown or invalid entity is kept as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, name: string) => {
    if (!name.startsWith('#')) return NAMED.get(name) ?? whole
    const code = name.charAt(1).toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    return valid ? String.fromCodePoint(code) : whole
  })
}

export interface PlainText {
  text: string
  /** Tag names whose formatting was lost, in order of first appearance; p, br, span and div are not listed. */
  dropped: string[]
}

/** The text of an HTML fragment as a reader sees it, laid out in lines and paragraphs. */
export function htmlToPlainText(html: string): PlainText {
  const dropped = new Set<string>()
  const marked = html
    .replace(HIDDEN_CONTENT, (_whole, tag: string) => {
      dropped.add(tag.toLowerCase())
      return ''
    })
    // Whitespace in HTML source is one space (ASCII whitespace only: U+3000 and nbsp are text); the markup breaks lines.
    .replace(/[ \t\n\f\r]+/g, ' ')
    .replace(TAG, (_whole, name: string | undefined) => {
      if (name === undefined) return '' // a comment
      const tag = name.toLowerCase()
      if (!HARMLESS.has(tag)) dropped.add(tag)
      if (tag === 'br') return '\n'
      if (PARAGRAPH.has(tag)) return PARAGRAPH_BREAK
      if (LINE.has(tag)) return LINE_BREAK
      return CELL.has(tag) ? ' ' : ''
    })
  // A run of block edges (`</p><p>`, `</li></ul>`) is one break: a paragraph break if any edge in it is one.
  const laidOut = marked
    .replace(/ {2,}/g, ' ')
    .replace(/ *[\ue000\ue001][ \ue000\ue001]*/g, (run) => (run.includes(PARAGRAPH_BREAK) ? '\n\n' : '\n'))
  // Entities last, so an escaped `&lt;b&gt;` is text, not a tag.
  const text = decodeEntities(laidOut)
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return { text, dropped: [...dropped] }
}
