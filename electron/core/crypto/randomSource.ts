import { randomBytes } from 'node:crypto'

/** Randomness is injected (keys, nonces, salts, form seeds) so tests can replay it. */
export type RandomSource = (bytes: number) => Buffer
export const defaultRandom: RandomSource = (bytes) => randomBytes(bytes)
