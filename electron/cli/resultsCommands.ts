import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Command } from 'commander'
import { expandBundleArgs } from '../core/results/bundleFiles'
import { exportResults, EXPORT_FORMATS, isExportFormat } from '../core/results/exportResults'
import { importBundleFiles, summaryLine } from '../core/results/importBundles'
import type { ImportProgress, ImportSummary } from '../core/results/importBundles'
import { gradedResults } from '../core/results/centralGrades'
import { openResultsStore } from '../core/results/openResultsStore'
import { isPostgresTarget, redactedUrl } from '../core/results/resultsStore'
import type { ResultsStore } from '../core/results/resultsStore'
import { findReceipt } from '../core/results/receiptLookup'
import { parseStationKeys } from '../core/results/trustedKeys'
import { AUTHORITY_KEY_FLAG, AUTHORITY_KEY_HELP, readAuthorityKey } from './authorityKeyFile'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { processIo } from './io'
import { registerGradeCommands } from './gradeCommands'
import { registerReportCommand } from './reportCommand'
import { roomIncidentReports } from './roomStoreFile'
import { UsageError } from './secretInput'
import { forTerminal } from './terminalText'
import { reportingTypedFailures } from './typedFailure'

interface DbFlags {
  db: string
}
interface ImportFlags extends DbFlags {
  quarantine?: string
  authorityKey?: string
  json?: boolean
  strict?: boolean
}

/** A one-line bar on a terminal's stderr, redrawn at most ten times a second. */
function importProgressBar(stream: NodeJS.WriteStream): {
  update: (progress: ImportProgress) => void
  finish: () => void
} {
  let last = 0
  let drawn = false
  return {
    update: (p) => {
      const now = Date.now()
      if (now - last < 100 && p.done < p.total) return
      last = now
      const width = 30
      const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width)
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(p.done)}/${String(p.total)}  imported=${String(p.imported)} duplicates=${String(p.duplicates)} quarantined=${String(p.quarantined)}\u001b[K`,
      )
      drawn = true
    },
    finish: () => {
      if (drawn) stream.write('\r\u001b[K')
    },
  }
}

/** Refused bundles are copied next to a SQLite database; for PostgreSQL (no local file) into ./quarantine. */
const defaultQuarantineDir = (db: string): string =>
  isPostgresTarget(db) ? 'quarantine' : join(dirname(db), 'quarantine')

const describeTarget = (db: string): string => (isPostgresTarget(db) ? redactedUrl(db) : db)

async function withStore<T>(db: string, work: (store: ResultsStore) => Promise<T>): Promise<T> {
  const store = await openResultsStore(db)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}

async function importCommand(ctx: CommandContext, paths: string[], flags: ImportFlags): Promise<ExitCode> {
  const quarantineDir = flags.quarantine ?? defaultQuarantineDir(flags.db)
  const authorityPrivateKey = flags.authorityKey === undefined ? undefined : await readAuthorityKey(flags.authorityKey)
  const files = await expandBundleArgs(paths, quarantineDir)
  const bar =
    ctx.io === processIo && process.stderr.isTTY && flags.json !== true ? importProgressBar(process.stderr) : undefined
  let summary: ImportSummary
  try {
    summary = await withStore(flags.db, async (store) =>
      importBundleFiles(files, {
        store,
        quarantineDir,
        ...(authorityPrivateKey ? { authorityPrivateKey } : {}),
        ...(bar ? { onProgress: bar.update } : {}),
      }),
    )
  } finally {
    bar?.finish()
  }
  if (flags.json === true) {
    const { imported, duplicates, quarantined, foreign, invalid, unreadable, outcomes } = summary
    ctx.io.out(
      `${JSON.stringify({ imported, duplicates, quarantined, foreign, invalid, unreadable, quarantineDir, files: outcomes }, null, 2)}\n`,
    )
  } else {
    for (const outcome of summary.outcomes) {
      if (outcome.outcome === 'quarantined')
        ctx.io.err(`quarantined ${outcome.code}: ${forTerminal(outcome.file)}: ${forTerminal(outcome.reason)}\n`)
      if (outcome.outcome === 'unreadable')
        ctx.io.err(`invigil: error: cannot read ${forTerminal(outcome.file)}: ${forTerminal(outcome.reason)}\n`)
    }
    ctx.io.out(`${summaryLine(summary)}\n`)
    if (summary.quarantined > 0) ctx.io.err(`copies of quarantined bundles are in ${quarantineDir}\n`)
  }
  if (summary.unreadable > 0) return EXIT.invalid
  return flags.strict === true && summary.quarantined > 0 ? EXIT.invalid : EXIT.ok
}

async function trustCommand(
  ctx: CommandContext,
  keyArg: string,
  flags: DbFlags & { label?: string },
): Promise<ExitCode> {
  // A bare JWK x (as `station show` prints it) may be given inline; anything else names a file.
  const text = !existsSync(keyArg) && /^[A-Za-z0-9_-]{43}$/.test(keyArg) ? keyArg : await readFile(keyArg, 'utf8')
  const keys = parseStationKeys(text, keyArg)
  if (flags.label !== undefined && keys.length > 1)
    throw new UsageError('--label names one station; a trust file labels each entry itself')
  await withStore(flags.db, async (store) => {
    for (const key of keys) {
      const label = flags.label ?? key.label
      const added = await store.addTrustedStation({
        ...key,
        ...(label === undefined ? {} : { label }),
        addedAt: new Date().toISOString(),
      })
      ctx.io.out(
        `${added ? 'enrolled' : 'already enrolled'}: station ${key.stationId}${label === undefined ? '' : ` (${forTerminal(label)})`}\n`,
      )
    }
  })
  return EXIT.ok
}

async function listCommand(
  ctx: CommandContext,
  flags: DbFlags & { json?: boolean; quarantined?: boolean; exam?: string },
): Promise<ExitCode> {
  await withStore(flags.db, async (store) => {
    if (flags.quarantined === true) {
      const entries = await store.listQuarantine()
      if (flags.json === true) ctx.io.out(`${JSON.stringify(entries, null, 2)}\n`)
      else
        for (const entry of entries)
          ctx.io.out(`${entry.at}  ${entry.code}  ${forTerminal(entry.file)}: ${forTerminal(entry.reason)}\n`)
      return
    }
    const results = await gradedResults(store, flags.exam === undefined ? undefined : { examId: flags.exam })
    if (flags.json === true) {
      // The summary fields; each manifest stays in the store (export gives its scores as columns).
      ctx.io.out(
        `${JSON.stringify(
          results.map((result) => ({ ...result, manifest: undefined })),
          null,
          2,
        )}\n`,
      )
      return
    }
    for (const r of results) {
      const verdict =
        r.passed === null ? (r.pending > 0 ? `pending (${String(r.pending)})` : '-') : r.passed ? 'pass' : 'fail'
      const graded = r.grades.map((g) => `${g.unit}=${String(g.score)} by ${g.grader}`).join(', ')
      ctx.io.out(
        `${forTerminal(`${r.examId}  ${r.candidateId}  ${r.candidateName}`)}  ${String(r.total)}/${String(r.max)}  ${verdict}  station ${r.stationId} session ${r.sessionId}${graded === '' ? '' : forTerminal(`  graded centrally: ${graded}`)}\n`,
      )
    }
    ctx.io.err(`${String(results.length)} results in ${describeTarget(flags.db)}\n`)
  })
  return EXIT.ok
}

async function receiptCommand(
  ctx: CommandContext,
  code: string,
  flags: DbFlags & { authorityKey?: string },
): Promise<ExitCode> {
  const key = flags.authorityKey === undefined ? undefined : await readAuthorityKey(flags.authorityKey)
  const lookup = await withStore(flags.db, (store) => findReceipt(store, code, key))
  if (lookup.code === null)
    throw new UsageError(
      'a receipt code is 10 letters A–Z and digits 2–7, as printed on the receipt (e.g. ABCDE-FGH23)',
    )
  for (const r of lookup.matches)
    ctx.io.out(
      `receipt ${lookup.code}: ${forTerminal(`${r.examId}  ${r.candidateId}  ${r.candidateName}`)}  submitted ${r.submittedAt ?? '-'}  station ${r.stationId} session ${r.sessionId}  bundle ${r.bundleSha256}\n`,
    )
  if (lookup.unreadable > 0)
    ctx.io.err(
      `${String(lookup.unreadable)} encrypted bundles could not be read; give ${AUTHORITY_KEY_FLAG.split(' ')[0] ?? ''} to search them too\n`,
    )
  if (lookup.matches.length > 0) return EXIT.ok
  ctx.io.err(`no such receipt: ${lookup.code} matches no stored result in ${describeTarget(flags.db)}\n`)
  return EXIT.invalid
}

type ExportFlags = DbFlags & { format: string; output: string; exam?: string; room?: string }

async function exportCommand(ctx: CommandContext, flags: ExportFlags): Promise<ExitCode> {
  const format = flags.format
  if (!isExportFormat(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`)
  if (flags.room !== undefined && format !== 'xlsx')
    throw new UsageError('--room adds a sheet of incident reports: it goes with --format xlsx')
  const incidentReports = flags.room === undefined ? undefined : roomIncidentReports(flags.room)
  const { rows } = await withStore(flags.db, async (store) =>
    exportResults(store, {
      format,
      file: flags.output,
      ...(flags.exam === undefined ? {} : { filter: { examId: flags.exam } }),
      ...(incidentReports === undefined ? {} : { incidentReports }),
    }),
  )
  ctx.io.out(`wrote ${String(rows)} rows to ${flags.output}\n`)
  return EXIT.ok
}

const DB_HELP = 'results database: a SQLite file (created if missing) or a postgres:// URL'

/** `invigil results …`: import verified bundles into a results database, enroll stations, list and export. */
export function registerResultsCommands(program: Command, ctx: CommandContext): void {
  const results = program
    .command('results')
    .description('collect result bundles from stations: verify, store, list, export')
  const run = (command: () => Promise<ExitCode>): Promise<void> =>
    reportingTypedFailures(ctx.io, command).then(ctx.exit)

  results
    .command('import')
    .description(
      'verify bundles and store the good ones; refused ones are quarantined with the reason; re-importing changes nothing',
    )
    .argument('<paths...>', 'bundle files, or directories searched for *.jws and *.jwe')
    .requiredOption('--db <target>', DB_HELP)
    .option(
      '--quarantine <dir>',
      'where copies of refused bundles go (default: quarantine/ next to a SQLite db, ./quarantine for PostgreSQL)',
    )
    .option(AUTHORITY_KEY_FLAG, AUTHORITY_KEY_HELP)
    .option('--json', 'print counts and every file outcome as JSON')
    .option('--strict', 'exit 1 when any bundle was quarantined')
    .addHelpText(
      'after',
      '\nExit: 0 done (even with quarantined bundles, unless --strict), 1 a file could not be read or the database failed, 2 usage.\n',
    )
    .action(async (paths: string[], flags: ImportFlags) => run(() => importCommand(ctx, paths, flags)))

  results
    .command('trust')
    .description('enroll a station: only bundles signed by enrolled stations are imported')
    .argument(
      '<key>',
      "a PEM or JWK file, `invigil station show [--json]` output, a trust file (JSON/YAML list), or the key's JWK x",
    )
    .requiredOption('--db <target>', DB_HELP)
    .option('--label <label>', 'a name for the station, e.g. "Lab 2 PC 14"')
    .action(async (key: string, flags: DbFlags & { label?: string }) => run(() => trustCommand(ctx, key, flags)))

  results
    .command('list')
    .description('list stored results (or, with --quarantined, refused bundles)')
    .requiredOption('--db <target>', DB_HELP)
    .option('--exam <id>', 'only this exam')
    .option('--quarantined', 'list quarantined bundles instead')
    .option('--json', 'print JSON')
    .action(async (flags: DbFlags & { json?: boolean; quarantined?: boolean; exam?: string }) =>
      run(() => listCommand(ctx, flags)),
    )

  results
    .command('export')
    .description('one row per candidate session: total, percent, pass/fail/pending, per-section and per-item scores')
    .requiredOption('--db <target>', DB_HELP)
    .requiredOption('--format <format>', EXPORT_FORMATS.join(' | '))
    .requiredOption('-o, --output <file>', 'the file to write')
    .option('--exam <id>', 'only this exam')
    .option('--room <dir>', "with xlsx: a room's data directory; its console's incident reports become a second sheet")
    .action(async (flags: ExportFlags) => run(() => exportCommand(ctx, flags)))

  results
    .command('receipt')
    .description("find the stored result a candidate's receipt code names (the code is recomputed from each bundle)")
    .argument('<code>', 'the code on the receipt, e.g. ABCDE-FGH23')
    .requiredOption('--db <target>', DB_HELP)
    .option(AUTHORITY_KEY_FLAG, AUTHORITY_KEY_HELP)
    .addHelpText('after', '\nExit: 0 found, 1 no such receipt, 2 usage.\n')
    .action(async (code: string, flags: DbFlags & { authorityKey?: string }) =>
      run(() => receiptCommand(ctx, code, flags)),
    )

  registerGradeCommands(results, ctx, DB_HELP)
  registerReportCommand(results, ctx)
}
