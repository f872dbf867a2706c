/**
 * GIFT text with the input offset of every character, so a question cut out of its block (comment lines dropped,
 * title and answer block split off) still reports line:column in the original file.
 */
export interface SourceText {
  text: string
  /** offsets[i] is where text[i] sits in the input; one extra entry marks the end. */
  offsets: number[]
}

export function sliceSource(source: SourceText, start: number, end = source.text.length): SourceText {
  return { text: source.text.slice(start, end), offsets: source.offsets.slice(start, end + 1) }
}

/** Input offset of position `index` in the slice (clamped, so an empty slice still has a place). */
export function offsetAt(source: SourceText, index: number): number {
  return source.offsets[Math.max(0, Math.min(index, source.offsets.length - 1))] ?? 0
}

/** Index of the first non-whitespace character at or after `from`. */
export function skipSpace(text: string, from = 0): number {
  let i = from
  while (i < text.length && /\s/.test(text.charAt(i))) i++
  return i
}

/**
 * Where `needle` next occurs outside a backslash escape. A backslash always takes the next character with it, so
 * `\\{` is an escaped backslash followed by a real brace.
 */
export function indexOfUnescaped(text: string, needle: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text.charAt(i) === '\\') {
      i++
      continue
    }
    if (text.startsWith(needle, i)) return i
  }
  return -1
}

/** Every index where one of the single-character `marks` occurs outside an escape. */
export function unescapedMarks(text: string, marks: string, from = 0, to = text.length): number[] {
  const found: number[] = []
  for (let i = from; i < to; i++) {
    const char = text.charAt(i)
    if (char === '\\') i++
    else if (marks.includes(char)) found.push(i)
  }
  return found
}

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['~', '~'],
  ['=', '='],
  ['#', '#'],
  ['{', '{'],
  ['}', '}'],
  [':', ':'],
  ['\\', '\\'],
  ['n', '\n'],
])

/** Resolves GIFT escapes; an unknown escape such as `\d` is kept as written, as Moodle does. */
export function unescapeGift(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i)
    const escaped = char === '\\' ? ESCAPES.get(text.charAt(i + 1)) : undefined
    if (escaped !== undefined) {
      out += escaped
      i++
    } else out += char
  }
  return out
}

/** Moodle's text formats; a fragment without a marker has its question's, and a question without one `moodle`. */
export type GiftFormat = 'moodle' | 'html' | 'plain' | 'markdown'

const FORMAT_PREFIX = /^\s*\[(html|moodle|plain|markdown)\]/i

/** A leading `[html]`-style format marker: the format, where the marker starts, and where the text after it starts. */
export function formatPrefix(raw: string): { format: GiftFormat; start: number; end: number } | undefined {
  const match = FORMAT_PREFIX.exec(raw)
  if (!match) return undefined
  const format = (match[1] ?? '').toLowerCase() as GiftFormat
  return { format, start: match[0].indexOf('['), end: match[0].length }
}

/** Text of a fragment whose format does not matter (a title, a true/false key): escapes resolved, marker dropped. */
export function giftText(raw: string): string {
  return unescapeGift(raw.slice(formatPrefix(raw)?.end ?? 0)).trim()
}
