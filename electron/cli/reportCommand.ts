import { existsSync } from 'node:fs'
import { InvalidArgumentError } from 'commander'
import type { Command } from 'commander'
import { formatDiagnostic } from '../core/bank/diagnostics'
import { loadBankFile } from '../core/bank/loadBank'
import type { Bank } from '../core/bank/schema'
import type { ResultManifest } from '../core/bundle/bundleFormat'
import { writeFileAtomic } from '../core/fs/writeFileAtomic'
import { analyzeExams } from '../core/results/analysis/examAnalysis'
import { openResultsStore } from '../core/results/openResultsStore'
import { readChartLibrary } from '../core/results/report/chartLibrary'
import { renderReport } from '../core/results/report/renderReport'
import { ReportError } from '../core/results/report/reportError'
import { parseReportLocale } from '../core/results/report/reportMessages'
import { REPORT_LOCALES } from '../core/results/report/reportMessageTypes'
import type { ReportLocale } from '../core/results/report/reportMessageTypes'
import { isPostgresTarget, redactedUrl } from '../core/results/resultsStore'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { roomIncidentReports } from './roomStoreFile'
import { reportingTypedFailures } from './typedFailure'

interface ReportFlags {
  db: string
  room?: string
  output: string
  bank?: string[]
  exam?: string
  lang: ReportLocale
}

/** The report's language, as commander's option parser: anything else is a usage error naming the choices. */
function reportLocaleOption(value: string): ReportLocale {
  const locale = parseReportLocale(value)
  if (locale === undefined)
    throw new InvalidArgumentError(
      `give one of ${REPORT_LOCALES.join(', ')} (the languages the report is written in), e.g. --lang zh-Hant.`,
    )
  return locale
}

async function loadBanks(ctx: CommandContext, files: readonly string[]): Promise<Bank[]> {
  const banks: Bank[] = []
  for (const file of files) {
    const { bank, diagnostics } = await loadBankFile(file)
    for (const d of diagnostics.filter((diagnostic) => diagnostic.severity === 'error'))
      ctx.io.err(`${formatDiagnostic(d)}\n`)
    if (!bank)
      throw new ReportError(
        'BAD_BANK',
        `${file} is not a valid bank; fix it or leave it out (keys are then inferred from full-point answers)`,
      )
    banks.push(bank)
  }
  return banks
}

async function writeReport(ctx: CommandContext, flags: ReportFlags): Promise<ExitCode> {
  // A report must not create an empty database where the admin mistyped a path.
  if (!isPostgresTarget(flags.db) && !existsSync(flags.db))
    throw new ReportError('NO_RESULTS', `there is no results database at ${flags.db}`)
  const banks = await loadBanks(ctx, flags.bank ?? [])
  const incidentReports = flags.room === undefined ? undefined : roomIncidentReports(flags.room)
  const store = await openResultsStore(flags.db)
  let manifests: ResultManifest[]
  try {
    manifests = (await store.listResults(flags.exam === undefined ? undefined : { examId: flags.exam })).map(
      (result) => result.manifest,
    )
  } finally {
    await store.close()
  }
  const source = isPostgresTarget(flags.db) ? redactedUrl(flags.db) : flags.db
  if (manifests.length === 0)
    throw new ReportError(
      'NO_RESULTS',
      `no results${flags.exam === undefined ? '' : ` for exam ${flags.exam}`} in ${source}`,
    )
  const analyses = analyzeExams(manifests, banks)
  for (const bank of banks) {
    if (!analyses.some((exam) => exam.examId === bank.id))
      ctx.io.err(`warning: bank ${bank.id} matches no exam in the results; it was not used\n`)
  }
  const html = renderReport({
    analyses,
    generatedAt: new Date().toISOString(),
    source,
    chartLibrary: await readChartLibrary(),
    locale: flags.lang,
    ...(incidentReports === undefined ? {} : { incidentReports }),
  })
  await writeFileAtomic(flags.output, html)
  const exams = analyses.map(
    (exam) =>
      `${exam.examId} (${String(exam.candidates)} candidates${banks.some((b) => b.id === exam.examId) ? ', keys from bank' : ''})`,
  )
  ctx.io.out(`wrote ${flags.output}: ${exams.join(', ')}\n`)
  return EXIT.ok
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value]

/** `invigil results report`: one self-contained HTML file with charts and item analysis, readable offline. */
export function registerReportCommand(results: Command, ctx: CommandContext): void {
  results
    .command('report')
    .description(
      'write a self-contained HTML report: score histogram, pass rate, time used, item analysis, option choices',
    )
    .requiredOption('--db <target>', 'results database: a SQLite file or a postgres:// URL')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .option(
      '--bank <file>',
      "the exam's bank, to mark option keys (repeat for several exams); without it the key is inferred from full-point answers",
      collect,
    )
    .option('--exam <id>', 'only this exam')
    .option('--room <dir>', "a room's data directory: adds the incident reports its staff wrote on the console")
    .option(
      '--lang <locale>',
      `the language of the report's headings, labels and number formats: ${REPORT_LOCALES.join(' | ')}; exam texts stay as written`,
      reportLocaleOption,
      'en',
    )
    .addHelpText(
      'after',
      '\nExample:\n  invigil results report --db results.db -o report.html --bank banks/it-customer-service-certification-2026.yaml --lang zh-Hant\n',
    )
    .action(async (flags: ReportFlags) => ctx.exit(await reportingTypedFailures(ctx.io, () => writeReport(ctx, flags))))
}
