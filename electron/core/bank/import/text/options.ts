import type { DraftOption } from './draft'
import type { Span } from './mappedText'

// Options run together as A.…B.…C.…; in IT papers their text is Latin words, acronyms, numbers, addresses and
// ports, so a marker may sit right after Latin text (A.HTTPB.DNS) where only the letter order A, B, C… tells
// where one option ends. Such splits are kept, and handed back so the item can say where the importer was unsure.

const OPTION_SEPARATORS = '.．、'
const LATIN_LETTER = /[A-Za-z]/
const LATIN_OR_DIGIT = /[A-Za-z0-9]/

/** Options, and those of them whose marker follows a Latin letter or digit directly: a guessed boundary. */
export interface FoundOptions {
  options: DraftOption[]
  glued: DraftOption[]
}

interface Marker {
  at: number
  glued: boolean
}

/**
 * The marker `letter.` in the span. One not preceded by a Latin letter wins, so SLA. in a question is not option
 * A; only when there is none may B, C, … follow a Latin letter (HTTPB.DNS), since the letter order expects them.
 */
function findOptionMarker(text: string, letter: string, span: Span): Marker | undefined {
  // Searching a slice keeps a missing letter from scanning the rest of the paper.
  const window = text.slice(span.start, span.end)
  let afterLetter: number | undefined
  for (let at = window.indexOf(letter); at >= 0 && at + 1 < window.length; at = window.indexOf(letter, at + 1)) {
    if (!OPTION_SEPARATORS.includes(window.charAt(at + 1))) continue
    const before = text.charAt(span.start + at - 1)
    if (!LATIN_LETTER.test(before)) return { at: span.start + at, glued: LATIN_OR_DIGIT.test(before) }
    afterLetter ??= span.start + at
  }
  return letter !== 'A' && afterLetter !== undefined ? { at: afterLetter, glued: true } : undefined
}

/** Options run together as A.…B.…C.…D.…, in order; each runs up to the next one. */
export function findOptions(text: string, span: Span): FoundOptions {
  const starts: { letter: string; marker: Marker }[] = []
  let from = span.start
  for (let code = 65; code <= 90; code++) {
    const letter = String.fromCharCode(code)
    const marker = findOptionMarker(text, letter, { start: from, end: span.end })
    if (!marker) break
    starts.push({ letter, marker })
    from = marker.at + 2
  }
  const options = starts.map(({ letter, marker }, i): DraftOption => {
    const next = starts[i + 1]?.marker.at ?? span.end
    return { letter, at: marker.at, text: [{ start: marker.at + 2, end: next }] }
  })
  return { options, glued: options.filter((_, i) => starts[i]?.marker.glued) }
}
