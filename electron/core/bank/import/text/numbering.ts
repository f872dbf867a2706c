import type { Report } from './draft'
import type { Span } from './mappedText'

/** Where a numbered entry (`12.`) starts and where its content starts, just after the separator. */
export interface NumberMarker {
  number: number
  start: number
  contentStart: number
  /** Right after a digit (port 808012.), read so only because the number order expects it: a guessed boundary. */
  glued?: boolean
}

/** A numbered entry and its extent: up to the next expected number, or the end of its region. */
export interface NumberedEntry extends NumberMarker {
  end: number
}

const SEPARATORS = ['.', '．', '、']
const isDigit = (char: string): boolean => char >= '0' && char <= '9'

/**
 * The marker of number `n` at `at`: the digits, not preceded by a digit (so 12. is never read as 2.) unless
 * `glued` allows it, then `.`/`．`/`、`, not followed by a digit (so 2.5 is a number, not item 2).
 */
export function markerAt(text: string, n: number, at: number, glued = false): NumberMarker | undefined {
  const digits = String(n)
  if (!text.startsWith(digits, at)) return undefined
  const afterDigit = at > 0 && isDigit(text.charAt(at - 1))
  if (afterDigit && !glued) return undefined
  const separator = text.charAt(at + digits.length)
  if (!SEPARATORS.includes(separator) || isDigit(text.charAt(at + digits.length + 1))) return undefined
  return { number: n, start: at, contentStart: at + digits.length + 1, ...(afterDigit ? { glued: true } : {}) }
}

/** The first marker of number `n` in the span; with `glued`, also one right after a digit. */
export function findMarker(text: string, n: number, span: Span, glued = false): NumberMarker | undefined {
  const digits = String(n)
  for (let at = text.indexOf(digits, span.start); at >= 0 && at < span.end; at = text.indexOf(digits, at + 1)) {
    const marker = markerAt(text, n, at, glued)
    if (marker && marker.contentStart <= span.end) return marker
  }
  return undefined
}

/** The marker of one of the candidate numbers right at the start of the span (after whitespace), if any. */
export function leadingMarker(text: string, span: Span, candidates: readonly number[]): NumberMarker | undefined {
  let at = span.start
  while (at < span.end && /\s/.test(text.charAt(at))) at++
  for (const n of candidates) {
    const marker = markerAt(text, n, at)
    if (marker && marker.contentStart <= span.end) return marker
  }
  return undefined
}

/**
 * Entries numbered first.number, +1, +2, ... Each is found by the number expected next, because the entries'
 * own text may hold numbered lists (參考答案:1.…2.…) that must not end them. Up to `expectedLast`, a number
 * found nowhere else may follow a digit (an option ending in a port: 808012.下列…); such an entry is `glued`.
 */
export function splitNumbered(text: string, first: NumberMarker, end: number, expectedLast = 0): NumberedEntry[] {
  const entries: NumberedEntry[] = []
  let current = first
  for (;;) {
    const n = current.number + 1
    const rest = { start: current.contentStart, end }
    const next = findMarker(text, n, rest) ?? (n <= expectedLast ? findMarker(text, n, rest, true) : undefined)
    entries.push({ ...current, end: next ? next.start : end })
    if (!next) return entries
    current = next
  }
}

/** Says where a `glued` entry was split only by the number order: `what` names the entries (一、單選題 item). */
export function reportGuessedNumber(text: string, what: string, entry: NumberMarker, report: Report): void {
  const context = text.slice(Math.max(0, entry.start - 6), entry.contentStart + 4).replace(/\s+/g, ' ')
  report(
    'warning',
    entry.start,
    `${what} ${entry.number} follows a digit directly ("${context}"), so where ${what} ${entry.number - 1} ends ` +
      'is a guess; split by number order',
    'check the end of the entry before it against the paper; a space or line break before the number makes the split certain',
  )
}
