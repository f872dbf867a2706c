import { dirname, resolve } from 'node:path'
import { hasErrors } from '../bank/diagnostics'
import type { Diagnostic } from '../bank/diagnostics'
import { locateProblems } from '../bank/locate'
import type { BankPath } from '../bank/locate'
import { readTextFile } from '../bank/readTextFile'
import { spkiPem } from '../crypto/ed25519Keys'
import { defaultRandom } from '../crypto/randomSource'
import type { RandomSource } from '../crypto/randomSource'
import type { ScryptParams } from '../crypto/secretHash'
import { authorityPrivateKey } from '../package/authorityKeys'
import type { SeatedRosterEntry } from '../roster/rosterCsv'
import { sittingProblems } from './sittingChecks'
import type { SittingProblem } from './sittingChecks'
import { signSitting, verifySitting } from './sittingFile'
import type { VerifiedSitting } from './sittingFile'
import { readEnvironment, readPackages, readRoomKey, readRoster, readStaff } from './sittingParts'
import type { PartContext } from './sittingParts'
import { SITTING_FORMAT } from './sittingSchema'
import type { Seat, SittingPayload } from './sittingSchema'
import { readYaml, sittingSpecSchema, specProblems, wholeFile } from './sittingSpec'

/**
 * `invigil sitting build`: SPEC.yaml and the files it names become one signed sitting file. Every problem, in the
 * spec, the roster or a secret, comes back located; the file is produced only when there is none, and is verified
 * exactly as a station will before it is handed back.
 */
export interface SittingBuildInput {
  specFile: string
  authorityPrivateKeyPem: string
  /** Where staff secrets are read from (process.env in the CLI). */
  env: Readonly<Record<string, string | undefined>>
  now: Date
  random?: RandomSource
  /** scrypt cost for the staff verifiers; the station's default unless a test asks for a cheaper one. */
  scryptParams?: ScryptParams
}

/** The file text and what it verifies to, only when there is no error; located diagnostics always. */
export interface SittingBuild {
  text?: string
  sitting?: VerifiedSitting
  diagnostics: Diagnostic[]
}

/** The payload's seats from the spec's rows, and for each seat the spec path it came from. */
function layoutSeats(ctx: PartContext): { seats: Seat[]; sources: BankPath[] } {
  const seats: Seat[] = []
  const sources: BankPath[] = []
  ctx.spec.seats.forEach((row, rowIndex) => {
    row.labels.forEach((label, columnIndex) => {
      if (label === null) return
      seats.push({ label, row: row.row, column: columnIndex + 1 })
      sources.push(['seats', rowIndex, 'labels', columnIndex])
    })
  })
  return { seats, sources }
}

/** A payload problem, located where the person wrote the thing: a spec line or a roster CSV line. */
function locateProblem(
  problem: SittingProblem,
  ctx: PartContext,
  seatSources: readonly BankPath[],
  roster: readonly SeatedRosterEntry[],
): Diagnostic {
  const [head, index, ...rest] = problem.path
  if (head === 'roster' && typeof index === 'number') {
    const file = resolve(ctx.dir, ctx.spec.roster)
    const column = String(rest[0] ?? '')
    const line = roster[index]?.line ?? 0
    return { severity: 'error', file, line, column: 1, path: column, message: problem.message, hint: problem.hint }
  }
  const path: BankPath =
    head === 'seats' && typeof index === 'number'
      ? (seatSources[index] ?? ['seats'])
      : head === 'room'
        ? ['room', 'key']
        : problem.path
  const [located] = locateProblems(
    [{ severity: 'error', path, message: problem.message, hint: problem.hint }],
    ctx.source.locate,
    ctx.source.file,
  )
  return located ?? wholeFile(ctx.source.file, problem.message, problem.hint)
}

/** Reads SPEC.yaml and everything it names, checks it all, and signs the sitting. Never throws on bad input. */
export async function buildSittingFromSpec(input: SittingBuildInput): Promise<SittingBuild> {
  const { specFile } = input
  const read = await readTextFile(specFile)
  if (!read.ok) return { diagnostics: [wholeFile(specFile, read.message, read.hint)] }
  const yaml = readYaml(read.text, specFile)
  if (!yaml.source) return { diagnostics: yaml.diagnostics }
  const source = yaml.source
  const parsed = sittingSpecSchema.safeParse(source.data)
  if (!parsed.success) {
    const problems = specProblems(sittingSpecSchema, parsed.error.issues, source.data)
    const located = locateProblems(problems, source.locate, specFile)
    return { diagnostics: located.sort((a, b) => a.line - b.line || a.column - b.column) }
  }
  const ctx: PartContext = { spec: parsed.data, source, dir: dirname(specFile) }
  const authorityPem = spkiPem(authorityPrivateKey(input.authorityPrivateKeyPem))

  const packages = await readPackages(ctx, authorityPem)
  const roster = await readRoster(ctx)
  const environment = await readEnvironment(ctx)
  const roomKey = await readRoomKey(ctx)
  const staff = await readStaff(ctx, input.env, input.random ?? defaultRandom, input.scryptParams)
  const parts = [packages, roster, environment, roomKey, staff].flatMap((part) => part.diagnostics)
  if (hasErrors(parts) || !packages.value || !roster.value || !environment.value || !roomKey.value || !staff.value)
    return { diagnostics: parts }

  const { spec } = ctx
  const { seats, sources } = layoutSeats(ctx)
  const payload: SittingPayload = {
    format: SITTING_FORMAT,
    created_at: input.now.toISOString(),
    id: spec.id,
    title: spec.title,
    window: spec.window,
    packages: packages.value,
    seats,
    roster: roster.value.map((entry) => ({
      candidate_id: entry.candidateId,
      name: entry.name,
      seat: entry.seat,
      ...(entry.examId === undefined ? {} : { exam_id: entry.examId }),
      ...(entry.accommodations.extraPercent ? { extra_percent: entry.accommodations.extraPercent } : {}),
      ...(entry.accommodations.extraMinutes ? { extra_minutes: entry.accommodations.extraMinutes } : {}),
    })),
    environment: environment.value,
    staff: staff.value,
    room: {
      public_key: roomKey.value,
      ...(spec.room.tls_sha256 ? { tls_sha256: spec.room.tls_sha256 } : {}),
      ...(spec.room.address ? { address: spec.room.address } : {}),
    },
    ...(spec.stations ? { stations: spec.stations } : {}),
  }
  const problems = sittingProblems(payload)
  if (problems.length > 0)
    return { diagnostics: problems.map((problem) => locateProblem(problem, ctx, sources, roster.value)) }

  const text = await signSitting(payload, input.authorityPrivateKeyPem)
  return { text, sitting: await verifySitting(text, [authorityPem]), diagnostics: [] }
}
