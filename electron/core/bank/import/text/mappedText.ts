/**
 * Text derived from the input (pinyin removed, boilerplate lines dropped) that still knows where each character
 * came from, so every diagnostic points at the original file.
 */
export interface MappedText {
  readonly text: string
  /** origin[i] is the input offset of text[i]; one extra entry maps the end. */
  readonly origin: readonly number[]
}

/** A half-open range [start, end) of the paper body's text. */
export interface Span {
  start: number
  end: number
}

export function identityMapped(text: string): MappedText {
  return { text, origin: Array.from({ length: text.length + 1 }, (_, i) => i) }
}

/** The input offset of a position in mapped text; positions past the end map to the end. */
export function originOf(mapped: MappedText, index: number): number {
  const clamped = Math.max(0, Math.min(index, mapped.text.length))
  return mapped.origin[clamped] ?? mapped.origin[mapped.origin.length - 1] ?? 0
}

/** Keeps the given ranges of mapped text, in order, as one mapped text. */
export function keepRanges(mapped: MappedText, ranges: readonly Span[]): MappedText {
  let text = ''
  const origin: number[] = []
  for (const { start, end } of ranges) {
    text += mapped.text.slice(start, end)
    for (let i = start; i < end; i++) origin.push(originOf(mapped, i))
  }
  const last = ranges[ranges.length - 1]
  origin.push(last ? originOf(mapped, last.end) : originOf(mapped, mapped.text.length))
  return { text, origin }
}

const WHITESPACE = /\s/

/** The span without surrounding whitespace (an empty span stays where it was). */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span
  while (start < end && WHITESPACE.test(text.charAt(start))) start++
  while (end > start && WHITESPACE.test(text.charAt(end - 1))) end--
  return { start, end }
}

export function isBlankSpan(text: string, span: Span): boolean {
  const trimmed = trimSpan(text, span)
  return trimmed.start >= trimmed.end
}

/**
 * Field text as it goes into the bank: joined across line breaks (Chinese runs on without a space; a space is kept
 * only between two ASCII words) and trimmed.
 */
export function fieldText(text: string, spans: readonly Span[]): string {
  return spans
    .map(({ start, end }) => text.slice(start, end))
    .join('')
    .replace(/[ \t]*\r?\n\s*/g, (gap: string, offset: number, whole: string) => {
      const before = whole.charAt(offset - 1)
      const after = whole.charAt(offset + gap.length)
      return /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? ' ' : ''
    })
    .trim()
}
