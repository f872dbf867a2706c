import { MAX_ASSET_BYTES } from '../../assets/bankAssets'
import { hasErrors } from '../../diagnostics'
import type { Diagnostic } from '../../diagnostics'
import { decodeUtf8 } from '../../readTextFile'
import type { Section } from '../../schema'
import { bankFrame, createIdAllocator, fileBaseName, finishBank } from '../bankDefaults'
import type { ImportOptions, ImportResult } from '../types'
import { markdownReader } from './bodyMarkdown'
import { plainReader } from './bodyText'
import { carryBankImages, createAssetRegistry } from './qtiAssets'
import type { ImportedAsset, PackageFiles } from './qtiAssets'
import { readPackagePlan } from './qtiManifest'
import type { PackagePlan } from './qtiManifest'
import { QTI_PACKAGE_LIMITS, readPackageFiles, readQtiPackage } from './qtiPackage'
import type { QtiPackage, QtiPackageLimits } from './qtiPackage'
import { bankIdFromQti, buildSection, reporterFor } from './qtiSections'
import type { Context } from './qtiSections'

export { bankIdFromQti } from './qtiSections'

export interface QtiImportOptions extends ImportOptions {
  /** The folder, beside the bank, that a Markdown bank's images are written to (default `assets`). */
  assetFolder?: string
  /** For a single item file: the files of its folder, where its images are. */
  filesBeside?: PackageFiles
}

/** The bank and the images to write beside it (relative paths, inside the bank's folder). */
export interface QtiImportResult extends ImportResult {
  assets: ImportedAsset[]
}

function singleItemPlan(
  options: ImportOptions,
  bytes: Uint8Array,
  limits: QtiPackageLimits,
): { pkg?: QtiPackage; plan?: PackagePlan; error?: string } {
  if (bytes.length > limits.entryBytes) return { error: 'the XML file is too large to be a QTI item' }
  const text = decodeUtf8(bytes)
  if (text === undefined) return { error: 'the file is neither a zip nor UTF-8 XML' }
  const path = fileBaseName(options.file) || 'item.xml'
  const pkg: QtiPackage = { xml: new Map([[path, text.replace(/^\uFEFF/, '')]]), names: new Set() }
  return {
    pkg,
    plan: { sections: [{ identifier: 'questions', shuffle: false, items: [{ path, from: path, start: 0 }] }] },
  }
}

interface Source {
  pkg: QtiPackage
  plan: PackagePlan
  files: PackageFiles
  /** How messages name the place images must be in. */
  where: string
}

/** One reading of the whole package, with its own diagnostics; `markdown` makes a Markdown bank. */
function importPass(
  source: Source,
  options: QtiImportOptions,
  diagnostics: Diagnostic[],
  readerFor: Context['readerFor'],
  beforeFinish: () => void = () => undefined,
  markdown = false,
): ImportResult {
  const { pkg, plan } = source
  const facts = plan.facts ?? {}
  const ctx: Context = {
    pkg,
    options,
    diagnostics,
    facts,
    takeId: createIdAllocator(),
    takeSectionId: createIdAllocator(),
    stimuli: new Map(),
    texts: [],
    readerFor,
  }
  const scoringDefault = facts.bank?.multiple_scoring ?? options.multipleScoring ?? 'all_or_nothing'
  const sections = plan.sections
    .map((planned, index) => buildSection(ctx, planned, index, scoringDefault))
    .filter((s): s is Section => s !== undefined)
  beforeFinish()
  const frameOptions: ImportOptions = {
    ...options,
    id: options.id ?? (plan.identifier ? bankIdFromQti(plan.identifier) : undefined),
    title: options.title ?? plan.title,
    language: options.language ?? plan.lang ?? ctx.lang,
    durationMinutes: options.durationMinutes ?? plan.durationMinutes,
  }
  const frame = bankFrame(ctx.texts.join('\n'), frameOptions, 'QTI', diagnostics)
  if (markdown) frame.text_format = 'markdown'
  // A package from Invigil carries the bank's own facts, which replace the defaults the frame guessed.
  if (facts.bank) {
    const { source: bankSource, ...rest } = facts.bank
    delete frame.source
    Object.assign(frame, rest, bankSource ? { source: bankSource } : {})
    if (options.multipleScoring) frame.multiple_scoring = options.multipleScoring
  }
  return finishBank(frame, sections, diagnostics, options.file, 'a QTI package lists its items in imsmanifest.xml')
}

/**
 * IMS QTI 3.0 / 2.1 -> invigil-bank/1: a content package (zip with imsmanifest.xml) or a single item file. Choice,
 * extended-text and text-entry interactions are imported; any other interaction is a located error naming it.
 * Bodies are read as plain text; when one holds a table or an image, which plain text cannot carry, the package is
 * read again as a Markdown bank, its images returned to be written beside the bank (`assets`).
 */
export function importQti(
  bytes: Uint8Array,
  options: QtiImportOptions,
  limits: QtiPackageLimits = QTI_PACKAGE_LIMITS,
): QtiImportResult {
  const diagnostics: Diagnostic[] = []
  const whole = (message: string, hint: string): QtiImportResult => ({
    diagnostics: [{ severity: 'error', file: options.file, line: 0, column: 0, path: '', message, hint }],
    assets: [],
  })
  let source: Source
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const read = readQtiPackage(bytes, limits)
    if (!read.ok) return whole(read.message, read.hint)
    const pkg = read.pkg
    const planned = readPackagePlan(pkg)
    for (const p of planned.problems)
      reporterFor({ pkg, options, diagnostics }, p.file)(p.severity ?? 'error', p.offset, p.message, p.hint)
    if (!planned.ok) return { diagnostics, assets: [] }
    const files: PackageFiles = (paths) => readPackageFiles(bytes, paths, MAX_ASSET_BYTES, limits.totalBytes)
    source = { pkg, plan: planned.plan, files, where: 'the package' }
  } else {
    const single = singleItemPlan(options, bytes, limits)
    if (!single.pkg || !single.plan)
      return whole(single.error ?? 'unreadable', 'pass a QTI content package (.zip) or one item (.xml)')
    const files: PackageFiles =
      options.filesBeside ?? ((paths) => new Map([...paths].map((p) => [p, { missing: true }])))
    source = { pkg: single.pkg, plan: single.plan, files, where: "the item file's folder" }
  }
  const textFormat = source.plan.facts?.bank?.text_format
  let rich = false
  const plainDiagnostics = [...diagnostics]
  const plain = importPass(source, options, plainDiagnostics, () => plainReader(() => void (rich = true)))
  if (textFormat === 'markdown' && plain.bank) {
    // Exported by Invigil from a markdown bank: texts are Markdown as written; only its images are to be fetched.
    const assets = carryBankImages(plain.bank, source.files, options.file, plain.diagnostics)
    return hasErrors(plain.diagnostics) ? { diagnostics: plain.diagnostics, assets: [] } : { ...plain, assets }
  }
  if (!rich || textFormat !== undefined) return { ...plain, assets: [] }
  const registry = createAssetRegistry(options.assetFolder ?? 'assets', source.files, source.where)
  let assets: ImportedAsset[] = []
  const result = importPass(
    source,
    options,
    diagnostics,
    (path, report) => markdownReader(registry.sinkFor(path, report)),
    () => void (assets = registry.finish()),
    true,
  )
  return result.bank ? { ...result, assets } : { diagnostics: result.diagnostics, assets: [] }
}
