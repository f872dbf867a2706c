/** A path into a sitting's payload, e.g. ['roster', 3, 'seat']. */
export type SittingPath = readonly (string | number)[]

/** One thing wrong with a sitting's payload: where, what, and how to fix it. */
export interface SittingProblem {
  /** Where in the payload, e.g. ['roster', 3, 'seat']. */
  path: SittingPath
  message: string
  hint: string
}
