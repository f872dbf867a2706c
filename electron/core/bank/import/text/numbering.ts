import type { Span } from './mappedText'

/** Where a numbered entry (`12.`) starts and where its content starts, just after the separator. */
export interface NumberMarker {
  number: number
  start: number
  contentStart: number
}

/** A numbered entry and its extent: up to the next expected number, or the end of its region. */
export interface NumberedEntry extends NumberMarker {
  end: number
}

const SEPARATORS = ['.', '．', '、']
const isDigit = (char: string): boolean => char >= '0' && char <= '9'

/**
 * The marker of number `n` at `at`: the digits, not preceded by a digit (so 12. is never read as 2.), then
 * `.`/`．`/`、`, not followed by a digit (so 2.5 is a number, not item 2).
 */
export function markerAt(text: string, n: number, at: number): NumberMarker | undefined {
  const digits = String(n)
  if (!text.startsWith(digits, at) || (at > 0 && isDigit(text.charAt(at - 1)))) return undefined
  const separator = text.charAt(at + digits.length)
  if (!SEPARATORS.includes(separator) || isDigit(text.charAt(at + digits.length + 1))) return undefined
  return { number: n, start: at, contentStart: at + digits.length + 1 }
}

/** The first marker of number `n` in the span. */
export function findMarker(text: string, n: number, span: Span): NumberMarker | undefined {
  const digits = String(n)
  for (let at = text.indexOf(digits, span.start); at >= 0 && at < span.end; at = text.indexOf(digits, at + 1)) {
    const marker = markerAt(text, n, at)
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
 * own text may hold numbered lists (參考答案:1.…2.…) that must not end them.
 */
export function splitNumbered(text: string, first: NumberMarker, end: number): NumberedEntry[] {
  const entries: NumberedEntry[] = []
  let current = first
  for (;;) {
    const next = findMarker(text, current.number + 1, { start: current.contentStart, end })
    entries.push({ ...current, end: next ? next.start : end })
    if (!next) return entries
    current = next
  }
}
