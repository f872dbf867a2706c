import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import { formatDiagnostic, hasErrors } from '../bank/diagnostics'
import { loadBankFile } from '../bank/loadBank'
import { readTextFile } from '../bank/readTextFile'
import { resolveDeliverySettings } from '../package/packageSettings'
import type { InstalledExamInfo } from '../exam/installedExamInfo'
import { RuntimeError } from '../base/runtimeError'
import type { StationRuntime } from './stationRuntime'

export interface BankInstall {
  exam: InstalledExamInfo
  /** False when this exact bank file was already the installed exam, so nothing was written. */
  installed: boolean
}

/**
 * Installs a bank file directly, without a signed package: for development and E2E (the browser host's --bank).
 * The bank is validated as `invigil bank validate` would; its "package hash" is the SHA-256 of the file's text,
 * so the same file is installed once and a changed file is installed again.
 */
export async function installBankFile(runtime: StationRuntime, path: string): Promise<BankInstall> {
  const read = await readTextFile(path)
  if (!read.ok) throw new RuntimeError('EXAM_INVALID', `${path}: ${read.message} (${read.hint})`)
  const packageHash = createHash('sha256').update(read.text, 'utf8').digest('hex')
  // The installed exam is this exact text, validated when it was installed: a host restart skips the parse.
  const current = runtime.installedExam()
  if (current?.packageHash === packageHash) return { exam: current, installed: false }
  // As `bank validate` reads it: a markdown bank's images come from beside the file.
  const { bank, diagnostics, assets } = await loadBankFile(path)
  if (!bank || hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error')
    const shown = errors.slice(0, 5).map(formatDiagnostic).join('\n')
    throw new RuntimeError('EXAM_INVALID', `${path} is not a valid bank (${String(errors.length)} error(s)):\n${shown}`)
  }
  // The bank's own settings, no overrides: installExam checks them against the bank once more.
  const { settings } = resolveDeliverySettings(bank, {})
  return {
    exam: runtime.installExam({
      bank,
      settings,
      packageHash,
      source: `bank file ${basename(path)}`,
      ...(assets && assets.length > 0 ? { assets } : {}),
    }),
    installed: true,
  }
}
