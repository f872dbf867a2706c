import { ed25519PublicKeyFromPem } from '../crypto/ed25519Keys'
import { candidateKey } from '../roster/rosterEntry'
import { examProblems } from './sittingExams'
import type { SittingProblem } from './sittingProblem'
import type { SittingPayload } from './sittingSchema'

/**
 * The rules a schema cannot state, checked on a payload: seats unique by label and by position, every candidate on
 * an existing seat of their own and a package's exam, ids unique, the window the right way round, someone to proctor. Pure, and written
 * once: verifySitting refuses a signed file that breaks one, and the builder locates each in the spec it came from.
 */
export type { SittingPath, SittingProblem } from './sittingProblem'

/** The first index of each key; a repeat becomes a problem naming where the key first appeared. */
function firstSeen<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  problem: (item: T, index: number, first: number) => SittingProblem,
): SittingProblem[] {
  const seen = new Map<string, number>()
  const problems: SittingProblem[] = []
  items.forEach((item, index) => {
    const key = keyOf(item)
    const first = seen.get(key)
    if (first === undefined) seen.set(key, index)
    else problems.push(problem(item, index, first))
  })
  return problems
}

function seatProblems(payload: SittingPayload): SittingProblem[] {
  return [
    ...firstSeen(
      payload.seats,
      (seat) => seat.label,
      (seat, index) => ({
        path: ['seats', index, 'label'],
        message: `seat ${seat.label} is in the seat layout twice`,
        hint: 'give every seat its own label',
      }),
    ),
    ...firstSeen(
      payload.seats,
      (seat) => `${String(seat.row)}:${String(seat.column)}`,
      (seat, index, first) => ({
        path: ['seats', index],
        message: `seat ${seat.label} is at row ${String(seat.row)}, column ${String(seat.column)}, where seat ${payload.seats[first]?.label ?? '?'} already is`,
        hint: 'two seats cannot share a place in the room; move one of them',
      }),
    ),
  ]
}

function rosterProblems(payload: SittingPayload): SittingProblem[] {
  const labels = new Set(payload.seats.map((seat) => seat.label))
  const missing = payload.roster.flatMap((candidate, index): SittingProblem[] =>
    labels.has(candidate.seat)
      ? []
      : [
          {
            path: ['roster', index, 'seat'],
            message: `candidate ${candidate.candidate_id} is given seat ${candidate.seat}, which is not in the seat layout`,
            hint: 'correct the seat, or add the seat to the layout',
          },
        ],
  )
  const shared = firstSeen(
    payload.roster.filter((candidate) => labels.has(candidate.seat)),
    (candidate) => candidate.seat,
    (candidate) => {
      const first = payload.roster.find((other) => other.seat === candidate.seat)
      return {
        path: ['roster', payload.roster.indexOf(candidate), 'seat'],
        message: `seat ${candidate.seat} is given to candidate ${candidate.candidate_id} and already to candidate ${first?.candidate_id ?? '?'}`,
        hint: 'each candidate needs a seat of their own',
      }
    },
  )
  const twice = firstSeen(
    payload.roster,
    (candidate) => candidateKey(candidate.candidate_id),
    (candidate, index, first) => ({
      path: ['roster', index, 'candidate_id'],
      message: `candidate ${candidate.candidate_id} is on the roster twice (as ${payload.roster[first]?.candidate_id ?? '?'} before)`,
      hint: 'ids are compared ignoring case and surrounding spaces; remove or correct one of them',
    }),
  )
  return [...missing, ...shared, ...twice]
}

function staffProblems(payload: SittingPayload): SittingProblem[] {
  const twice = firstSeen(
    payload.staff,
    (member) => member.id.toUpperCase(),
    (member, index) => ({
      path: ['staff', index, 'id'],
      message: `staff id ${member.id} is listed twice`,
      hint: 'give every staff member their own id (ids are compared ignoring case)',
    }),
  )
  const proctor = payload.staff.some((member) => member.role === 'proctor')
  return [
    ...twice,
    ...(proctor
      ? []
      : [{ path: ['staff'], message: 'no staff member is a proctor', hint: 'add a staff member with role: proctor' }]),
  ]
}

function otherProblems(payload: SittingPayload): SittingProblem[] {
  const problems: SittingProblem[] = []
  const { opens_at, closes_at } = payload.window
  if (Date.parse(opens_at) >= Date.parse(closes_at)) {
    problems.push({
      path: ['window', 'closes_at'],
      message: `the window closes (${closes_at}) before it opens (${opens_at})`,
      hint: 'closes_at must be later than opens_at; check the dates and the offsets',
    })
  }
  problems.push(
    ...firstSeen(
      payload.packages,
      (pkg) => pkg.exam_id,
      (pkg, index) => ({
        path: ['packages', index],
        message: `exam ${pkg.exam_id} is in the sitting twice`,
        hint: 'list each exam package once',
      }),
    ),
    ...firstSeen(
      payload.stations ?? [],
      (station) => station,
      (station, index) => ({
        path: ['stations', index],
        message: `station ${station} is listed twice`,
        hint: 'list each station once',
      }),
    ),
  )
  try {
    ed25519PublicKeyFromPem(payload.room.public_key)
  } catch (error) {
    problems.push({
      path: ['room', 'public_key'],
      message: `the room key is unusable: ${(error as Error).message}`,
      hint: "give the room server's Ed25519 public key (SPKI PEM)",
    })
  }
  return problems
}

export const sittingProblems = (payload: SittingPayload): SittingProblem[] => [
  ...otherProblems(payload),
  ...seatProblems(payload),
  ...rosterProblems(payload),
  ...examProblems(payload),
  ...staffProblems(payload),
]
