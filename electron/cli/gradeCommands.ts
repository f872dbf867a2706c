import { createPrivateKey, createPublicKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { ed25519PublicJwk } from '../core/crypto/ed25519Keys'
import { GRADE_FORMAT, recordCentralGrade, signGrade } from '../core/results/centralGrades'
import { openResultsStore } from '../core/results/openResultsStore'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { UsageError } from './secretInput'
import { forTerminal } from './terminalText'
import { reportingTypedFailures } from './typedFailure'

/**
 * `invigil results grader` enrolls an examiner's Ed25519 public key; `invigil results grade` records a manual score
 * signed with that examiner's private key (core/results/centralGrades.ts says what is signed and how it is checked).
 */
async function readKey(file: string, type: 'private' | 'public'): Promise<KeyObject> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`)
  })
  let key: KeyObject
  try {
    key = type === 'private' ? createPrivateKey(text) : createPublicKey(text)
  } catch {
    throw new UsageError(`${file} is not a PEM ${type} key`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${file} is not an Ed25519 ${type} key`)
  return key
}

interface GradeFlags {
  db: string
  session: string
  station?: string
  item: string
  score: string
  grader: string
  reason: string
  key: string
}

async function gradeCommand(ctx: CommandContext, flags: GradeFlags): Promise<ExitCode> {
  const score = Number(flags.score)
  if (!Number.isFinite(score) || score < 0) throw new UsageError('--score must be a number, zero or more')
  const key = await readKey(flags.key, 'private')
  const store = await openResultsStore(flags.db)
  try {
    const matches = await store.listResults({
      sessionId: flags.session,
      ...(flags.station === undefined ? {} : { stationId: flags.station }),
    })
    const [result] = matches
    if (!result) throw new UsageError(`no stored result for session ${flags.session}`)
    if (matches.length > 1) throw new UsageError('several stations hold this session id: give --station')
    const statement = await recordCentralGrade(
      store,
      signGrade(
        {
          format: GRADE_FORMAT,
          station: result.stationId,
          session: result.sessionId,
          bundle_sha256: result.bundleSha256,
          unit: flags.item,
          score,
          grader: flags.grader,
          reason: flags.reason,
          at: new Date().toISOString(),
        },
        key,
      ),
    )
    ctx.io.out(
      `graded: session ${forTerminal(statement.session)} ${forTerminal(statement.unit)} = ${String(statement.score)} by ${forTerminal(statement.grader)}\n`,
    )
  } finally {
    await store.close()
  }
  return EXIT.ok
}

async function graderCommand(
  ctx: CommandContext,
  keyFile: string,
  flags: { db: string; name: string },
): Promise<ExitCode> {
  const key = await readKey(keyFile, 'public')
  const store = await openResultsStore(flags.db)
  try {
    const added = await store.addTrustedGrader({
      name: flags.name,
      publicKeyJwk: ed25519PublicJwk(key),
      addedAt: new Date().toISOString(),
    })
    ctx.io.out(`${added ? 'enrolled' : 'already enrolled (name or key)'}: grader ${forTerminal(flags.name)}\n`)
  } finally {
    await store.close()
  }
  return EXIT.ok
}

export function registerGradeCommands(results: Command, ctx: CommandContext, dbHelp: string): void {
  const run = (command: () => Promise<ExitCode>): Promise<void> =>
    reportingTypedFailures(ctx.io, command).then(ctx.exit)
  results
    .command('grader')
    .description('enroll an examiner: only grades signed by an enrolled examiner key are recorded')
    .argument('<publicKey>', "the examiner's Ed25519 public key (PEM)")
    .requiredOption('--db <target>', dbHelp)
    .requiredOption('--name <name>', 'the name grades are signed under')
    .action(async (keyFile: string, flags: { db: string; name: string }) =>
      run(() => graderCommand(ctx, keyFile, flags)),
    )
  results
    .command('grade')
    .description('record a manual score centrally, signed by an enrolled examiner; the bundle is never changed')
    .requiredOption('--db <target>', dbHelp)
    .requiredOption('--session <id>', 'the session')
    .option('--station <id>', 'the station, when several hold the session id')
    .requiredOption('--item <id>', 'the unit: an item, or a scenario part')
    .requiredOption('--score <n>', 'points, within the unit maximum')
    .requiredOption('--grader <name>', 'the enrolled examiner')
    .requiredOption('--reason <text>', 'why (e.g. second marking, appeal)')
    .requiredOption('--key <file>', "the examiner's Ed25519 private key (PEM)")
    .action(async (flags: GradeFlags) => run(() => gradeCommand(ctx, flags)))
}
