import { resolve } from 'node:path'
import { InvalidArgumentError, Option } from 'commander'
import type { Command } from 'commander'
import { describeBank } from '../core/bank/bankSummary'
import { IMPORT_FORMATS } from '../core/bank/import/types'
import type { ImportedBank } from '../core/bank/import'
import type { ImportFormat, ImportOptions } from '../core/bank/import/types'
import { loadBankFile } from '../core/bank/loadBank'
import { readTextFile } from '../core/bank/readTextFile'
import { multipleScoring } from '../core/bank/schema'
import type { MultipleScoring } from '../core/bank/schema'
import { writeFileAtomic } from '../core/fs/writeFileAtomic'
import { printDiagnostics, summary } from './bankReport'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'

/** Text formats are read as text; QTI packages (zip or XML) as bytes by their own importer. */
const BANK_IMPORT_FORMATS = [...IMPORT_FORMATS, 'qti'] as const

interface ImportFlags {
  format: ImportFormat | 'qti'
  output: string
  id?: string
  title?: string
  language?: string
  duration?: number
  multipleScoring?: MultipleScoring
}

function parseMinutes(value: string): number {
  const minutes = Number(value)
  if (!/^\d+$/.test(value) || minutes <= 0)
    throw new InvalidArgumentError('give the duration as whole minutes above zero, e.g. 90.')
  return minutes
}

async function validate(ctx: CommandContext, files: string[], json: boolean): Promise<ExitCode> {
  const results = []
  for (const file of files) {
    const { bank, diagnostics } = await loadBankFile(file)
    results.push({ file, ok: bank !== undefined, diagnostics })
    if (json) continue
    printDiagnostics(ctx.io, diagnostics)
    ctx.io.out(`${bank ? 'ok' : 'invalid'}: ${file} ${summary(bank, diagnostics)}\n`)
  }
  if (json) ctx.io.out(`${JSON.stringify(results, null, 2)}\n`)
  return results.every((result) => result.ok) ? EXIT.ok : EXIT.invalid
}

async function show(ctx: CommandContext, file: string, json: boolean): Promise<ExitCode> {
  const { bank, diagnostics } = await loadBankFile(file)
  printDiagnostics(ctx.io, diagnostics)
  if (!bank) return EXIT.invalid
  ctx.io.out(json ? `${JSON.stringify(bank, null, 2)}\n` : describeBank(bank))
  return EXIT.ok
}

function unreadable(ctx: CommandContext, input: string, read: { message: string; hint: string }): ExitCode {
  printDiagnostics(ctx.io, [
    { severity: 'error', file: input, line: 0, column: 0, path: '', message: read.message, hint: read.hint },
  ])
  return EXIT.invalid
}

async function importPaper(ctx: CommandContext, input: string, flags: ImportFlags): Promise<ExitCode> {
  if (resolve(input) === resolve(flags.output)) {
    ctx.io.err('error: the output file must not be the input paper\n')
    return EXIT.usage
  }
  const options: ImportOptions = {
    file: input,
    id: flags.id,
    title: flags.title,
    language: flags.language,
    durationMinutes: flags.duration,
    multipleScoring: flags.multipleScoring,
  }
  // Loaded on demand: validate and show need none of the importers.
  const { importBank } = await import('../core/bank/import')
  let result: ImportedBank
  let writeAssets = async (): Promise<void> => undefined
  if (flags.format === 'qti') {
    const { readQtiFile, writeImportedAssets } = await import('./qtiCommands')
    const read = await readQtiFile(input, options, flags.output)
    if (!read.ok) return unreadable(ctx, input, read)
    result = read.result
    writeAssets = () => writeImportedAssets(flags.output, read.assets)
  } else {
    const read = await readTextFile(input)
    if (!read.ok) return unreadable(ctx, input, read)
    result = importBank(flags.format, read.text, options, flags.output)
  }
  printDiagnostics(ctx.io, result.diagnostics)
  if (!result.yaml || !result.bank) {
    ctx.io.out(`invalid: ${input} ${summary(undefined, result.diagnostics)}; ${flags.output} not written\n`)
    return EXIT.invalid
  }
  try {
    await writeAssets()
    await writeFileAtomic(flags.output, result.yaml)
  } catch (error) {
    ctx.io.err(`error: cannot write ${flags.output}: ${(error as Error).message}\n`)
    return EXIT.invalid
  }
  ctx.io.out(`wrote ${flags.output} ${summary(result.bank, result.diagnostics)}\n`)
  return EXIT.ok
}

/** `invigil bank …`: thin wiring from arguments to the bank core; each action reports its exit code. */
export function registerBankCommands(program: Command, ctx: CommandContext): void {
  const bank = program.command('bank').description('check, import and inspect question banks (invigil-bank/1 YAML)')

  bank
    .command('validate')
    .description('check bank files; prints located errors and warnings, exit 1 if any file is invalid')
    .argument('<files...>', 'bank files (.yaml or .json)')
    .option('--json', 'print a JSON array of {file, ok, diagnostics} instead of text')
    .action(async (files: string[], flags: { json?: boolean }) =>
      ctx.exit(await validate(ctx, files, flags.json === true)),
    )

  bank
    .command('import')
    .description('turn a paper into a bank file; writes the file only if the result has no error')
    .argument('<paper>', 'the paper to import (for qti: a content package .zip or one item .xml)')
    .addOption(new Option('--format <format>', 'the paper format').choices(BANK_IMPORT_FORMATS).makeOptionMandatory())
    .requiredOption('-o, --output <file>', 'the bank file to write (.yaml)')
    .option('--id <id>', 'bank id (default: from the file name)')
    .option('--title <title>', 'bank title (default: from the paper)')
    .option('--language <tag>', 'BCP 47 language tag, e.g. zh-Hant or en (default: guessed from the text)')
    .option('--duration <minutes>', 'exam duration in whole minutes', parseMinutes)
    .addOption(
      new Option('--multiple-scoring <rule>', 'default rule for multiple-choice items').choices(
        multipleScoring.options,
      ),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  invigil bank import --format text paper.txt -o banks/paper.yaml --duration 90\n' +
        '  invigil bank import --format qti items.zip -o banks/items.yaml\n' +
        '    (items with tables, images or formulas give a Markdown bank; images go to banks/items-assets/)\n',
    )
    .action(async (paper: string, flags: ImportFlags) => ctx.exit(await importPaper(ctx, paper, flags)))

  bank
    .command('export')
    .description('write a valid bank in another format (IMS QTI 3.0 content package)')
    .argument('<bank>', 'bank file (.yaml or .json)')
    .addOption(new Option('--format <format>', 'the output format').choices(['qti']).makeOptionMandatory())
    .requiredOption('-o, --output <file>', 'the package to write (.zip)')
    .addHelpText('after', '\nExample:\n  invigil bank export --format qti banks/paper.yaml -o paper-qti.zip\n')
    .action(async (file: string, flags: { output: string }) => {
      const { exportBankAsQti } = await import('./qtiCommands')
      ctx.exit(await exportBankAsQti(ctx, file, flags.output))
    })

  bank
    .command('show')
    .description('summarize a valid bank: sections, counts, points, item types, truncated items')
    .argument('<file>', 'bank file')
    .option('--json', 'print the validated bank as JSON')
    .action(async (file: string, flags: { json?: boolean }) => ctx.exit(await show(ctx, file, flags.json === true)))
}
