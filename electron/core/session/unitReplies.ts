/**
 * What the session service hands back for a candidate's act on one unit (an item, or a scenario part by its own id).
 * Plain data with no imports, so the DOM-side API contract re-exports these very types instead of copying them.
 */

/** The acknowledgement behind "Saved": returned only after the transaction committed. */
export interface AnswerAck {
  unitId: string
  revision: number
  savedAt: string
  remainingMs: number
}

/** Options the candidate struck out on one choice unit, by original letter: scratch work, never an answer. */
export interface StruckOptions {
  unitId: string
  letters: string[]
}
