import { resolve } from 'node:path'
import type { Diagnostic } from '../bank/diagnostics'
import { locateProblems } from '../bank/locate'
import type { BankPath } from '../bank/locate'
import { readTextFile } from '../bank/readTextFile'
import { ed25519PublicKeyFromPem, spkiPem } from '../crypto/ed25519Keys'
import type { RandomSource } from '../crypto/randomSource'
import type { ScryptParams } from '../crypto/secretHash'
import { environmentPolicySchema } from '../environment/environmentPolicy'
import type { EnvironmentPolicySettings } from '../environment/environmentPolicy'
import { openPackage, verifyPackage } from '../package/examPackage'
import { PackageError } from '../package/packageError'
import { parseSeatedRosterCsv } from '../roster/rosterCsv'
import type { SeatedRosterEntry } from '../roster/rosterCsv'
import { SEAT_LABEL } from './sittingSchema'
import type { SittingPackage, SittingStaff } from './sittingSchema'
import { readYaml, specProblems, wholeFile } from './sittingSpec'
import type { SittingSpec, YamlSource } from './sittingSpec'
import { SECRET_RULE, secretFits, staffVerifier } from './staffVerifier'

/**
 * The parts of a sitting the spec only points at, each read and checked on its own: the package files, the roster
 * CSV, the environment policy, the staff secrets (from the environment), the room key. Each returns its value or
 * the located reasons it has none, so one run of `sitting build` reports every problem at once.
 */
export type Part<T> = { value: T; diagnostics: [] } | { value?: undefined; diagnostics: Diagnostic[] }

export interface PartContext {
  spec: SittingSpec
  source: YamlSource
  /** The directory of the spec: every path in it is relative to this. */
  dir: string
}

const ok = <T>(value: T): Part<T> => ({ value, diagnostics: [] })
const failed = <T>(diagnostics: Diagnostic[]): Part<T> => ({ diagnostics })

/** A problem at `path` in the spec. */
export const atSpec = (ctx: PartContext, path: BankPath, message: string, hint?: string): Diagnostic =>
  locateProblems(
    [{ severity: 'error', path, message, ...(hint ? { hint } : {}) }],
    ctx.source.locate,
    ctx.source.file,
  )[0] ?? wholeFile(ctx.source.file, message, hint)

async function readRelative(ctx: PartContext, path: BankPath, file: string): Promise<Part<string>> {
  const read = await readTextFile(resolve(ctx.dir, file))
  return read.ok ? ok(read.text) : failed([atSpec(ctx, path, `${file}: ${read.message}`, read.hint)])
}

/** Each package must verify under the signing authority itself: a station trusting it then accepts both. */
export async function readPackages(ctx: PartContext, authorityPem: string): Promise<Part<SittingPackage[]>> {
  const packages: SittingPackage[] = []
  const diagnostics: Diagnostic[] = []
  for (const [index, file] of ctx.spec.packages.entries()) {
    const read = await readRelative(ctx, ['packages', index], file)
    if (read.value === undefined) {
      diagnostics.push(...read.diagnostics)
      continue
    }
    try {
      const verified = await verifyPackage(read.value, [authorityPem])
      const title = verified.encrypted ? undefined : (await openPackage(verified)).bank.title
      const { bank_id, encrypted, packageHash } = verified
      packages.push({ exam_id: bank_id, ...(title ? { title } : {}), encrypted, sha256: packageHash, text: read.value })
    } catch (error) {
      if (!(error instanceof PackageError)) throw error
      const hint =
        error.code === 'PACKAGE_UNTRUSTED'
          ? 'a sitting and its packages are signed by one authority: rebuild the package with the same --sign key'
          : 'rebuild the package with `invigil package build`'
      diagnostics.push(atSpec(ctx, ['packages', index], `${file}: ${error.message}`, hint))
    }
  }
  return diagnostics.length > 0 ? failed(diagnostics) : ok(packages)
}

export async function readRoster(ctx: PartContext): Promise<Part<SeatedRosterEntry[]>> {
  const read = await readRelative(ctx, ['roster'], ctx.spec.roster)
  if (read.value === undefined) return failed(read.diagnostics)
  const file = resolve(ctx.dir, ctx.spec.roster)
  const { entries, errors } = parseSeatedRosterCsv(read.value)
  const diagnostics: Diagnostic[] = errors.map((error) => ({
    severity: 'error',
    file,
    line: error.line,
    column: 1,
    path: error.column ?? '',
    message: error.message,
  }))
  const seated = entries.map((entry) => ({ ...entry, seat: entry.seat.toUpperCase() }))
  for (const entry of seated.filter((candidate) => !SEAT_LABEL.test(candidate.seat))) {
    diagnostics.push({
      severity: 'error',
      file,
      line: entry.line,
      column: 1,
      path: 'seat',
      message: `seat "${entry.seat}" is not a seat label`,
      hint: 'a seat label is 1 to 16 letters, digits and inner hyphens, as in the seat layout, e.g. A-01',
    })
  }
  if (diagnostics.length === 0 && seated.length === 0)
    diagnostics.push(wholeFile(file, 'the roster has no candidates', 'add one row per candidate under the header'))
  return diagnostics.length > 0 ? failed(diagnostics) : ok(seated)
}

function policyFrom(data: unknown, source: YamlSource, prefix: BankPath): Part<EnvironmentPolicySettings> {
  const parsed = environmentPolicySchema.safeParse(data)
  if (parsed.success) return ok(parsed.data)
  const problems = specProblems(environmentPolicySchema, parsed.error.issues, data).map((problem) => ({
    ...problem,
    path: [...prefix, ...problem.path],
  }))
  return failed(locateProblems(problems, source.locate, source.file))
}

/** Inline, from a file (same schema as a station's environment.yaml), or the defaults. */
export async function readEnvironment(ctx: PartContext): Promise<Part<EnvironmentPolicySettings>> {
  const { environment } = ctx.spec
  if (environment === undefined) return ok(environmentPolicySchema.parse({}))
  if (typeof environment !== 'string') return policyFrom(environment, ctx.source, ['environment'])
  const read = await readRelative(ctx, ['environment'], environment)
  if (read.value === undefined) return failed(read.diagnostics)
  const yaml = readYaml(read.value, resolve(ctx.dir, environment))
  // A file of comments only keeps the defaults, as it does on a station.
  return yaml.source ? policyFrom(yaml.source.data ?? {}, yaml.source, []) : failed(yaml.diagnostics)
}

/** Secrets come from the environment only, and leave this function as verifiers. */
export async function readStaff(
  ctx: PartContext,
  env: Readonly<Record<string, string | undefined>>,
  random: RandomSource,
  params?: ScryptParams,
): Promise<Part<SittingStaff[]>> {
  const staff: SittingStaff[] = []
  const diagnostics: Diagnostic[] = []
  for (const [index, member] of ctx.spec.staff.entries()) {
    const secret = env[member.secret_env]
    const what = member.role === 'proctor' ? 'PIN' : 'password'
    const at: BankPath = ['staff', index, 'secret_env']
    if (secret === undefined || secret === '') {
      const hint = `set ${member.secret_env} to ${member.name}'s ${what} (${SECRET_RULE[member.role]}) for this command only`
      diagnostics.push(atSpec(ctx, at, `${member.secret_env} is not set`, hint))
    } else if (!secretFits(member.role, secret)) {
      const message = `the ${what} in ${member.secret_env} for ${member.id} is refused: ${SECRET_RULE[member.role]}`
      diagnostics.push(atSpec(ctx, at, message, `set ${member.secret_env} to a ${what} that fits the rule`))
    } else {
      const verifier = await staffVerifier(member.role, secret, random, params)
      staff.push({ id: member.id, name: member.name, role: member.role, verifier })
    }
  }
  return diagnostics.length > 0 ? failed(diagnostics) : ok(staff)
}

export async function readRoomKey(ctx: PartContext): Promise<Part<string>> {
  const read = await readRelative(ctx, ['room', 'key'], ctx.spec.room.key)
  if (read.value === undefined) return failed(read.diagnostics)
  const hint = "give the room server's Ed25519 public key, an SPKI PEM (-----BEGIN PUBLIC KEY-----)"
  // Node derives a public key from a private one; a private key must not travel in a file copied to every station.
  if (/PRIVATE KEY/.test(read.value))
    return failed([atSpec(ctx, ['room', 'key'], `${ctx.spec.room.key} holds a private key`, hint)])
  try {
    return ok(spkiPem(ed25519PublicKeyFromPem(read.value)))
  } catch (error) {
    return failed([atSpec(ctx, ['room', 'key'], `${ctx.spec.room.key}: ${(error as Error).message}`, hint)])
  }
}
