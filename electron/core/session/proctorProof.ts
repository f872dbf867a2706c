import { verifyPin } from '../crypto/secretHash'
import type { PinHash } from '../crypto/secretHash'

/**
 * Who acts as proctor: the station's own PIN (set at setup), or a proctor the installed sitting names, with their
 * own PIN (its verifier came signed in the sitting file). Either way the check runs under the station's one proctor
 * lockout, so naming other staff ids buys no extra guesses; a named proctor's actions carry their staff id into the
 * session's log, which is what a shared PIN cannot say.
 */
export type ProctorProof = string | { staffId: string; pin: string }

/** A sitting proctor's PIN verifier by staff id (ids compared ignoring case); undefined when the sitting has none. */
export type NamedProctorLookup = (staffId: string) => PinHash | undefined

export const noNamedProctors: NamedProctorLookup = () => undefined

export interface ProctorCheck {
  /** The named proctor's id, for the log; undefined for the station PIN. */
  staffId: string | undefined
  /** Runs the slow hash against the right verifier; `stored` is the station PIN's. */
  matches(stored: PinHash): Promise<boolean>
}

export function proctorCheck(proof: ProctorProof, lookup: NamedProctorLookup): ProctorCheck {
  if (typeof proof === 'string') return { staffId: undefined, matches: (stored) => verifyPin(proof, stored) }
  const named = lookup(proof.staffId)
  return {
    staffId: proof.staffId,
    // An id the sitting does not name costs the same hash (against the station PIN) and never matches, so the
    // answer time does not tell which ids exist, and the station PIN does not work under someone else's name.
    matches: async (stored) =>
      named ? await verifyPin(proof.pin, named) : (await verifyPin(proof.pin, stored)) && false,
  }
}
