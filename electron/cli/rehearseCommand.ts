import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidArgumentError } from 'commander'
import type { Command } from 'commander'
import { formatDiagnostic } from '../core/bank/diagnostics'
import type { Diagnostic } from '../core/bank/diagnostics'
import { passphraseProtector } from '../core/crypto/passphraseProtector'
import { DEFAULT_REHEARSAL_CANDIDATE, rehearse } from '../core/rehearsal/rehearse'
import { formatStep } from '../core/rehearsal/rehearsalReport'
import type { RehearsalReporter, RehearsalResult } from '../core/rehearsal/rehearsalReport'
import { readStationText } from '../core/station/stationFile'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { rehearseInRoom } from './roomRehearsal'
import { readSecret, UsageError } from './secretInput'
import { STATION_PASSPHRASE_ENV } from './stationCommands'
import { reportingTypedFailures } from './typedFailure'

interface RehearseFlags {
  bank?: string
  out?: string
  room?: string
  sitting?: string
  seat?: string
  authority?: string[]
  paceMs?: number
  standby?: boolean
  data?: string
  candidate?: string
  answers?: string
  json?: boolean
}

/** Steps as they complete on stdout; bank and answers diagnostics on stderr, located as `bank validate` prints them. */
function textReporter(ctx: CommandContext): RehearsalReporter {
  return {
    step: (report) => ctx.io.out(`${formatStep(report)}\n`),
    diagnostics: (diagnostics) => {
      for (const d of diagnostics) ctx.io.err(`${formatDiagnostic(d)}\n`)
    },
  }
}

function printOutcome(ctx: CommandContext, result: RehearsalResult, throwaway: boolean): void {
  if (!result.ok) {
    ctx.io.err(`rehearsal FAILED at step "${result.failure.step}" (${result.failure.code})\n`)
    return
  }
  const { score, bundleFile, stationId } = result.summary
  const pending = score.pending > 0 ? `, ${String(score.pending)} pending manual marking` : ''
  ctx.io.out(`rehearsal passed: score ${String(score.total)}/${String(score.max)}${pending}; bundle ${bundleFile}\n`)
  if (throwaway) ctx.io.out(`the throwaway station ${stationId} was removed; its public key is in the bundle header\n`)
}

async function passphraseFor(ctx: CommandContext, dataDir: string | undefined): Promise<string> {
  // A throwaway station lives for one run: a random passphrase nobody needs to know.
  if (dataDir === undefined) return randomBytes(32).toString('base64url')
  const exists = (await readStationText(dataDir)) !== undefined
  return await readSecret({ envVar: STATION_PASSPHRASE_ENV, what: 'station passphrase', confirm: !exists }, ctx.io)
}

async function runInRoom(ctx: CommandContext, flags: RehearseFlags): Promise<ExitCode> {
  const { room, seat, data, authority } = flags
  if (room === undefined || data === undefined || !authority?.length)
    throw new UsageError('rehearse --room needs --seat (or --standby), --data and --authority')
  if ((seat === undefined) === (flags.standby !== true))
    throw new UsageError(
      'rehearse --room sits a --seat, or waits on --standby for a seat to be moved to it: one of them',
    )
  if (flags.bank !== undefined || flags.answers !== undefined || flags.candidate !== DEFAULT_REHEARSAL_CANDIDATE)
    throw new UsageError('rehearse --room sits the sitting the room serves: no --bank, --answers or --candidate')
  const authorityPems = await Promise.all(authority.map((file) => readFile(file, 'utf8')))
  const sittingText = flags.sitting === undefined ? undefined : await readFile(flags.sitting, 'utf8')
  const passphrase = await passphraseFor(ctx, data)
  const json = flags.json === true
  const summary = await rehearseInRoom({
    roomUrl: room,
    ...(sittingText === undefined ? {} : { sittingText }),
    seat: seat ?? null,
    dataDir: data,
    protector: passphraseProtector(passphrase),
    authorityPems,
    paceMs: flags.paceMs ?? 0,
    outDir: flags.out ?? join(data, 'bundles'),
    progress: (line) => {
      if (!json) ctx.io.out(`${line}\n`)
    },
  })
  if (json) ctx.io.out(`${JSON.stringify(summary, null, 2)}\n`)
  else
    ctx.io.out(
      `seat ${summary.seat}, candidate ${summary.candidateId}, session ${summary.sessionId}: ` +
        `${String(summary.answered)} of ${String(summary.units)} answers acknowledged; ` +
        `bundle sha256 ${summary.bundleSha256} ${summary.delivered ? 'delivered to the room' : 'NOT delivered'}\n`,
    )
  return summary.delivered ? EXIT.ok : EXIT.invalid
}

async function run(ctx: CommandContext, flags: RehearseFlags): Promise<ExitCode> {
  if (flags.room !== undefined) return runInRoom(ctx, flags)
  if (flags.bank === undefined || flags.out === undefined)
    throw new UsageError('rehearse needs --bank and --out (or --room, --seat, --data and --authority)')
  if (
    flags.seat !== undefined ||
    flags.sitting !== undefined ||
    flags.authority !== undefined ||
    flags.paceMs !== undefined ||
    flags.standby
  )
    throw new UsageError('--seat, --standby, --sitting, --authority and --pace-ms go with --room')
  return runWithBank(ctx, { ...flags, bank: flags.bank, out: flags.out })
}

async function runWithBank(
  ctx: CommandContext,
  flags: RehearseFlags & { bank: string; out: string },
): Promise<ExitCode> {
  const passphrase = await passphraseFor(ctx, flags.data)
  const throwaway = flags.data === undefined
  const dataDir = flags.data ?? (await mkdtemp(join(tmpdir(), 'invigil-rehearsal-')))
  const json = flags.json === true
  const diagnostics: Diagnostic[] = []
  try {
    if (!json) {
      ctx.io.out(`rehearsal of ${flags.bank} -> ${flags.out}\n`)
      ctx.io.out(
        throwaway
          ? `station: throwaway, in ${dataDir}, with a random passphrase (removed afterwards)\n`
          : `station: ${dataDir}\n`,
      )
    }
    const reporter: RehearsalReporter = json
      ? { step: () => undefined, diagnostics: (found) => diagnostics.push(...found) }
      : textReporter(ctx)
    const result = await rehearse({
      bankFile: flags.bank,
      outDir: flags.out,
      dataDir,
      protector: passphraseProtector(passphrase),
      candidateId: flags.candidate ?? DEFAULT_REHEARSAL_CANDIDATE,
      ...(flags.answers === undefined ? {} : { answersFile: flags.answers }),
      reporter,
    })
    if (json) ctx.io.out(`${JSON.stringify({ ...result, throwawayStation: throwaway, diagnostics }, null, 2)}\n`)
    else printOutcome(ctx, result, throwaway)
    return result.ok ? EXIT.ok : EXIT.invalid
  } finally {
    if (throwaway) await rm(dataDir, { recursive: true, force: true })
  }
}

const paceMs = (text: string): number => {
  if (!/^\d+$/.test(text) || Number(text) > 600_000)
    throw new InvalidArgumentError('a whole number of milliseconds from 0 to 600000')
  return Number(text)
}

/** `invigil rehearse`: a whole session through the station runtime; the lab readiness check. Exit 0 passed, 1 failed, 2 usage. */
export function registerRehearseCommand(program: Command, ctx: CommandContext): void {
  program
    .command('rehearse')
    .description(
      'run a whole exam session (check in, answer, submit, grade, export) and verify the signed result bundle; with --room, sit a seat of the room and deliver to it',
    )
    .option('--bank <file>', 'the bank to rehearse with (must validate without errors)')
    .option('--out <dir>', 'where to write the result bundle (with --room: default DIR/bundles)')
    .option('--room <url>', "sit the room's sitting at a seat, obeying its commands, and deliver the bundle to it")
    .option(
      '--sitting <file>',
      "with --room: the sitting file as installed from a USB stick (default: the room's); over https its pinned certificate is the only one trusted",
    )
    .option('--seat <label>', 'with --room: the seat this station sits (its rostered candidate checks in)')
    .option('--authority <pub...>', "with --room: the exam authority's public key(s) the sitting must be signed by")
    .option('--pace-ms <n>', 'with --room: milliseconds between two answers', paceMs, undefined)
    .option('--standby', 'with --room: a spare PC; it sits the first seat the room moves to it (invigil room move)')
    .option(
      '--data <dir>',
      `station data directory, created on first use and reused after (passphrase from ${STATION_PASSPHRASE_ENV} or the terminal); without it, a throwaway station`,
    )
    .option('--candidate <id>', 'candidate id to check in', DEFAULT_REHEARSAL_CANDIDATE)
    .option('--answers <file>', 'YAML or JSON map of unit id to answer, instead of the keys and a rehearsal text')
    .option('--json', 'print the steps and summary as JSON at the end')
    .addHelpText(
      'after',
      '\nExamples:\n  invigil rehearse --bank banks/exam.yaml --out results --data /var/lib/invigil\n' +
        '  invigil rehearse --room http://127.0.0.1:4750 --seat A-01 --data st1 --authority authority.pub.pem\n' +
        '  invigil rehearse --room https://192.168.10.5:4750 --sitting sitting.jws --seat A-01 --data st1 --authority authority.pub.pem\n',
    )
    .action(async (flags: RehearseFlags) => ctx.exit(await reportingTypedFailures(ctx.io, () => run(ctx, flags))))
}
