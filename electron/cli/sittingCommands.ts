import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { formatDiagnostic } from '../core/bank/diagnostics'
import { readTextFile } from '../core/bank/readTextFile'
import { writeFileAtomic } from '../core/fs/writeFileAtomic'
import { buildSittingFromSpec } from '../core/sitting/buildSitting'
import { verifySitting } from '../core/sitting/sittingFile'
import { formatSittingSummary, summarizeSitting } from '../core/sitting/sittingSummary'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { KeyFileError } from './keyFileError'
import { reportingTypedFailures } from './typedFailure'

/**
 * `invigil sitting …`: build a signed sitting file from a spec (packages, roster with seats, seat layout, staff,
 * room key, window) and explain one. Staff secrets come from the environment variables the spec names, never from
 * the command line.
 */
interface BuildFlags {
  spec: string
  sign: string
  output: string
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new KeyFileError('KEY_FILE_UNREADABLE', `cannot read the key file ${path}: ${(error as Error).message}`)
  }
}

async function build(ctx: CommandContext, flags: BuildFlags): Promise<ExitCode> {
  const authorityPrivateKeyPem = await readKeyFile(flags.sign)
  const built = await buildSittingFromSpec({
    specFile: flags.spec,
    authorityPrivateKeyPem,
    env: process.env,
    now: new Date(),
  })
  for (const d of built.diagnostics) ctx.io.err(`${formatDiagnostic(d)}\n`)
  if (!built.text || !built.sitting) {
    ctx.io.err(`invigil: error: ${flags.spec} has errors; ${flags.output} not written\n`)
    return EXIT.invalid
  }
  await writeFileAtomic(flags.output, built.text)
  const summary = summarizeSitting(built.sitting)
  ctx.io.out(
    `wrote ${flags.output}: sitting ${summary.id}, ${String(summary.packages.length)} package(s), ` +
      `${String(summary.seats.count)} seats, ${String(summary.roster.count)} candidates, ` +
      `${String(summary.staff.length)} staff, signed by authority key ${summary.signed_by}\n`,
  )
  return EXIT.ok
}

async function verify(
  ctx: CommandContext,
  file: string,
  flags: { authority: string[]; json?: boolean },
): Promise<ExitCode> {
  const read = await readTextFile(file)
  if (!read.ok) {
    ctx.io.err(`invigil: error: ${file}: ${read.message}\n`)
    return EXIT.invalid
  }
  const trusted = await Promise.all(flags.authority.map(readKeyFile))
  try {
    const summary = summarizeSitting(await verifySitting(read.text, trusted))
    ctx.io.out(
      flags.json
        ? `${JSON.stringify({ ok: true, file, sitting: summary }, null, 2)}\n`
        : `ok: ${file}\n${formatSittingSummary(summary)}`,
    )
    return EXIT.ok
  } catch (error) {
    if (!(error instanceof Error && error.name === 'SittingError' && 'code' in error)) throw error
    const code = String(error.code)
    ctx.io.out(
      flags.json
        ? `${JSON.stringify({ ok: false, file, error: { code, message: error.message } }, null, 2)}\n`
        : `invalid: ${file}: ${code}: ${error.message}\n`,
    )
    return EXIT.invalid
  }
}

export function registerSittingCommands(program: Command, ctx: CommandContext): void {
  const sitting = program
    .command('sitting')
    .description('build and verify sitting files (exams, seats, roster, staff and room of one sitting, signed)')

  sitting
    .command('build')
    .description(
      'build a signed sitting file from SPEC.yaml; staff secrets are read from the environment variables the ' +
        'spec names (secret_env); writes OUT only if everything checks',
    )
    .requiredOption('--spec <file>', 'the sitting spec (YAML): paths in it are relative to it')
    .requiredOption('--sign <keyfile>', 'the authority private key (authority.key.pem)')
    .requiredOption('-o, --output <file>', 'the sitting file to write')
    .action(async (flags: BuildFlags) => ctx.exit(await reportingTypedFailures(ctx.io, () => build(ctx, flags))))

  sitting
    .command('verify')
    .description(
      'check a sitting file against trusted authorities and explain it (never its staff secrets); exit 1 if it does not verify',
    )
    .argument('<file>', 'the sitting file')
    .requiredOption('--authority <pubkeys...>', 'trusted authority public keys (authority.pub.pem)')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: { authority: string[]; json?: boolean }) =>
      ctx.exit(await reportingTypedFailures(ctx.io, () => verify(ctx, file, flags))),
    )
}
