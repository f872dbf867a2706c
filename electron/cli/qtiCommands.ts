import { mkdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, extname, isAbsolute, relative, resolve } from 'node:path'
import { bankItemCount } from '../core/bank/bankTotals'
import { svgProblem } from '../core/bank/assets/bankAssets'
import { exportQti } from '../core/bank/export/qti'
import { validateImported } from '../core/bank/import'
import type { ImportedBank } from '../core/bank/import'
import { importQti } from '../core/bank/import/qti'
import { filesBeside, safeName } from '../core/bank/import/qti/qtiAssets'
import type { ImportedAsset } from '../core/bank/import/qti/qtiAssets'
import { QTI_PACKAGE_LIMITS } from '../core/bank/import/qti/qtiPackage'
import type { ImportOptions } from '../core/bank/import/types'
import { loadBankFile } from '../core/bank/loadBank'
import { writeFileAtomic } from '../core/fs/writeFileAtomic'
import { printDiagnostics, summary } from './bankReport'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'

type QtiRead =
  { ok: true; result: ImportedBank; assets: ImportedAsset[] } | { ok: false; message: string; hint: string }

/** The folder beside `paper.yaml` that its imported images go to: `paper-assets`. */
export const assetFolderFor = (output: string): string =>
  `${safeName(basename(output, extname(output)), 'bank')}-assets`

/**
 * `bank import --format qti`: the package is read as bytes, bounded before it is read at all. A single item file's
 * images are read from its own folder.
 */
export async function readQtiFile(input: string, options: ImportOptions, output: string): Promise<QtiRead> {
  try {
    const info = await stat(input)
    if (!info.isFile()) return { ok: false, message: 'not a file', hint: 'check the file name' }
    if (info.size > QTI_PACKAGE_LIMITS.inputBytes)
      return { ok: false, message: 'the file is larger than 50 MB', hint: 'split the package into smaller ones' }
    const bytes = new Uint8Array(await readFile(input))
    const imported = importQti(bytes, {
      ...options,
      assetFolder: assetFolderFor(output),
      filesBeside: filesBeside(dirname(input)),
    })
    // An SVG is sanitised when the bank is validated; one that keeps nothing is refused here, as validate would.
    for (const asset of imported.assets) {
      const problem = await svgProblem(asset.source, asset.bytes)
      if (problem)
        imported.diagnostics.push({ severity: 'error', file: input, line: 0, column: 0, path: '', ...problem })
    }
    const result = validateImported(imported, output)
    return { ok: true, result, assets: result.yaml ? imported.assets : [] }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const message = code === 'ENOENT' ? 'no such file' : `cannot read the file: ${(error as Error).message}`
    return { ok: false, message, hint: 'check the path' }
  }
}

/**
 * Writes a Markdown bank's imported images beside the bank, before the bank itself, so a written bank never names
 * a file that is not there. A path that would leave the bank's folder is refused (the importer never makes one).
 */
export async function writeImportedAssets(output: string, assets: readonly ImportedAsset[]): Promise<void> {
  const folder = resolve(dirname(output))
  for (const asset of assets) {
    const target = resolve(folder, asset.path)
    const inside = relative(folder, target)
    if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`image path "${asset.path}" leaves the folder`)
    await mkdir(dirname(target), { recursive: true })
    await writeFileAtomic(target, asset.bytes)
  }
}

/** `bank export --format qti`: a valid bank only, written whole or not at all. */
export async function exportBankAsQti(ctx: CommandContext, file: string, output: string): Promise<ExitCode> {
  if (resolve(file) === resolve(output)) {
    ctx.io.err('error: the output file must not be the bank\n')
    return EXIT.usage
  }
  const { bank, diagnostics, assets } = await loadBankFile(file)
  printDiagnostics(ctx.io, diagnostics)
  if (!bank) {
    ctx.io.out(`invalid: ${file} ${summary(undefined, diagnostics)}; ${output} not written\n`)
    return EXIT.invalid
  }
  const exported = exportQti(bank, assets)
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
