import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { bankItemCount } from '../core/bank/bankTotals'
import { exportQti } from '../core/bank/export/qti'
import { validateImported } from '../core/bank/import'
import type { ImportedBank } from '../core/bank/import'
import { importQti } from '../core/bank/import/qti'
import { QTI_PACKAGE_LIMITS } from '../core/bank/import/qti/qtiPackage'
import type { ImportOptions } from '../core/bank/import/types'
import { loadBankFile } from '../core/bank/loadBank'
import { writeFileAtomic } from '../core/fs/writeFileAtomic'
import { printDiagnostics, summary } from './bankReport'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'

type QtiRead = { ok: true; result: ImportedBank } | { ok: false; message: string; hint: string }

/** `bank import --format qti`: the package is read as bytes, bounded before it is read at all. */
export async function readQtiFile(input: string, options: ImportOptions, output: string): Promise<QtiRead> {
  try {
    const info = await stat(input)
    if (!info.isFile()) return { ok: false, message: 'not a file', hint: 'check the file name' }
    if (info.size > QTI_PACKAGE_LIMITS.inputBytes)
      return { ok: false, message: 'the file is larger than 50 MB', hint: 'split the package into smaller ones' }
    const bytes = new Uint8Array(await readFile(input))
    return { ok: true, result: validateImported(importQti(bytes, options), output) }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const message = code === 'ENOENT' ? 'no such file' : `cannot read the file: ${(error as Error).message}`
    return { ok: false, message, hint: 'check the path' }
  }
}

/** `bank export --format qti`: a valid bank only, written whole or not at all. */
export async function exportBankAsQti(ctx: CommandContext, file: string, output: string): Promise<ExitCode> {
  if (resolve(file) === resolve(output)) {
    ctx.io.err('error: the output file must not be the bank\n')
    return EXIT.usage
  }
  const { bank, diagnostics } = await loadBankFile(file)
  printDiagnostics(ctx.io, diagnostics)
  if (!bank) {
    ctx.io.out(`invalid: ${file} ${summary(undefined, diagnostics)}; ${output} not written\n`)
    return EXIT.invalid
  }
  const exported = exportQti(bank)
  if (!exported.ok) {
    ctx.io.err(`${file}: error: ${exported.message}\n`)
    return EXIT.invalid
  }
  try {
    await writeFileAtomic(output, exported.zip)
  } catch (error) {
    ctx.io.err(`error: cannot write ${output}: ${(error as Error).message}\n`)
    return EXIT.invalid
  }
  const itemFiles = [...exported.files.keys()].filter((path) => path.startsWith('items/')).length
  ctx.io.out(`wrote ${output} (QTI 3.0: ${bankItemCount(bank)} bank items as ${itemFiles} QTI items)\n`)
  return EXIT.ok
}
