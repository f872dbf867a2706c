import type { CandidateResponse } from '@contract'

/** Whether a response counts as an answer: cleared (null), empty text and no boxes ticked do not. */
export function isAnswered(response: CandidateResponse | undefined): boolean {
  if (response === undefined || response === null) return false
  if (typeof response === 'string') return response.trim() !== ''
  if (Array.isArray(response)) return response.length > 0
  return true
}

/** Options are labelled by where they stand on screen (A, B, C...), never by the letter the response stores. */
export const positionLabel = (index: number): string => String.fromCharCode(65 + index)

/** Ticks or unticks one original letter of a multiple-choice answer; the core keeps letters in order, so do we. */
export function toggleLetter(response: CandidateResponse | undefined, letter: string): string[] {
  const chosen = Array.isArray(response) ? response : []
  const next = chosen.includes(letter) ? chosen.filter((each) => each !== letter) : [...chosen, letter]
  return next.sort()
}
