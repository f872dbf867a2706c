import type { Diagnostic } from '../../diagnostics'
import { decodeUtf8 } from '../../readTextFile'
import type { Item, ScenarioPart, Section } from '../../schema'
import { bankFrame, createIdAllocator, defaultSectionTitle, fileBaseName, finishBank } from '../bankDefaults'
import { createImportReporter } from '../importReporter'
import type { ImportReport } from '../importReporter'
import type { ImportOptions, ImportResult } from '../types'
import { flowText } from './bodyText'
import type { BankFacts } from './bankFacts'
import { readQtiItem } from './qtiItem'
import type { ReadItem } from './qtiItem'
import { readPackagePlan } from './qtiManifest'
import type { ItemRef, PackagePlan, PlannedSection } from './qtiManifest'
import { QTI_PACKAGE_LIMITS, readQtiPackage, resolveHref } from './qtiPackage'
import type { QtiPackage, QtiPackageLimits } from './qtiPackage'
import { firstChild, parseXml } from './qtiXml'

/** QTI identifiers start with a letter or `_`; the export prefixes `_` to bank ids that start with a digit. */
export const bankIdFromQti = (identifier: string): string =>
  identifier.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '')

interface Stimulus {
  identifier: string
  label?: string
  stem: string
}

interface Context {
  pkg: QtiPackage
  options: ImportOptions
  diagnostics: Diagnostic[]
  facts: BankFacts
  takeId: (wanted: string) => string
  takeSectionId: (wanted: string) => string
  stimuli: Map<string, Stimulus | undefined>
  texts: string[]
  lang?: string
}

/** Diagnostics name the entry inside the package as `paper.zip!/items/q1.xml`. */
const entryName = (pkg: QtiPackage, file: string, path: string): string =>
  pkg.xml.size === 1 && pkg.names.size === 0 ? file : `${file}!/${path}`

function reporterFor(ctx: Pick<Context, 'pkg' | 'options' | 'diagnostics'>, path: string): ImportReport {
  return createImportReporter(ctx.pkg.xml.get(path) ?? '', entryName(ctx.pkg, ctx.options.file, path), ctx.diagnostics)
}

function readStimulus(
  ctx: Context,
  itemPath: string,
  href: string,
  report: ImportReport,
  at: number,
): Stimulus | undefined {
  const path = resolveHref(itemPath, href)
  if (path === undefined || !ctx.pkg.xml.has(path)) {
    report(
      'error',
      at,
      `stimulus "${href}" is ${path === undefined ? 'outside the package' : 'not in the package'}`,
      'import the whole content package',
    )
    return undefined
  }
  if (ctx.stimuli.has(path)) return ctx.stimuli.get(path)
  const parsed = parseXml(ctx.pkg.xml.get(path) ?? '')
  const stimReport = reporterFor(ctx, path)
  let stimulus: Stimulus | undefined
  if (!parsed.ok) stimReport('error', parsed.offset, parsed.message)
  else {
    const body = firstChild(parsed.root, 'stimulusBody') ?? parsed.root
    const flow = flowText(body.children)
    for (const n of flow.notices) stimReport('warning', n.offset, n.message)
    if (flow.text === '') stimReport('error', body.start, 'the stimulus has no text')
    else
      stimulus = {
        identifier: parsed.root.attrs.identifier ?? '',
        ...(parsed.root.attrs.label ? { label: parsed.root.attrs.label } : {}),
        stem: flow.text,
      }
  }
  ctx.stimuli.set(path, stimulus)
  return stimulus
}

function readRef(ctx: Context, ref: ItemRef): { read: ReadItem; stimulus?: Stimulus } | undefined {
  if (!ctx.pkg.xml.has(ref.path)) {
    reporterFor(ctx, ref.from)(
      'error',
      ref.start,
      `item file "${ref.path}" is not in the package`,
      'the package must hold every item it lists',
    )
    return undefined
  }
  const report = reporterFor(ctx, ref.path)
  const parsed = parseXml(ctx.pkg.xml.get(ref.path) ?? '')
  if (!parsed.ok) return void report('error', parsed.offset, parsed.message, 'fix the XML')
  if (parsed.root.name !== 'assessmentItem')
    return void report(
      'error',
      parsed.root.start,
      `<${parsed.root.tag}> is not an assessment item`,
      'list item files as item resources',
    )
  const read = readQtiItem(parsed.root, report)
  if (!read) return undefined
  ctx.lang ??= read.lang
  ctx.texts.push(read.content.stem)
  const ref0 = read.stimulusRefs[0]
  if (!ref0) return { read }
  if (read.stimulusRefs.length > 1)
    report('warning', read.stimulusRefs[1]?.start ?? 0, 'only the first stimulus of an item is kept')
  const stimulus = readStimulus(ctx, ref.path, ref0.href, report, ref0.start)
  return stimulus ? { read, stimulus } : undefined
}

function bankPart(ctx: Context, read: ReadItem, scoringDefault: string): ScenarioPart {
  const facts = ctx.facts.items?.[read.identifier]
  const id = ctx.takeId(bankIdFromQti(read.identifier) || `q${ctx.texts.length}`)
  const part = { id, ...read.content } as ScenarioPart
  if (part.type === 'multiple') {
    const scoring = facts ? facts.scoring : read.scoring !== scoringDefault ? read.scoring : undefined
    if (scoring) part.scoring = scoring
  }
  return { ...part, ...(facts?.truncated ? { truncated: true } : {}), ...(facts?.notes ? { notes: facts.notes } : {}) }
}

function buildSection(
  ctx: Context,
  planned: PlannedSection,
  index: number,
  scoringDefault: string,
): Section | undefined {
  const items: Item[] = []
  interface Scenario {
    stimulus: Stimulus
    item: Extract<Item, { type: 'scenario' }>
    points?: number
  }
  const scenarios: Scenario[] = []
  let scenario: Scenario | undefined
  let anyShuffle = false
  for (const ref of planned.items) {
    const got = readRef(ctx, ref)
    if (!got) continue
    anyShuffle ||= got.read.shuffle
    const part = bankPart(ctx, got.read, scoringDefault)
    if (!got.stimulus) {
      scenario = undefined
      items.push({ ...part, ...(got.read.label ? { number: got.read.label } : {}) } as Item)
      continue
    }
    if (scenario?.stimulus.identifier === got.stimulus.identifier) {
      scenario.item.parts.push(part)
      continue
    }
    const facts = ctx.facts.scenarios?.[got.stimulus.identifier]
    const item: Extract<Item, { type: 'scenario' }> = {
      id: ctx.takeId(bankIdFromQti(got.stimulus.identifier) || `scenario-${items.length + 1}`),
      ...(got.stimulus.label ? { number: got.stimulus.label } : {}),
      type: 'scenario',
      stem: got.stimulus.stem,
      points: 0,
      parts: [part],
      ...(facts?.explanation ? { explanation: facts.explanation } : {}),
      ...(facts?.truncated ? { truncated: true } : {}),
      ...(facts?.notes ? { notes: facts.notes } : {}),
    }
    scenario = { stimulus: got.stimulus, item, ...(facts?.points === undefined ? {} : { points: facts.points }) }
    scenarios.push(scenario)
    items.push(item)
  }
  // A scenario's own points (a paper may print fewer than its parts add up to) travel as a fact; else the sum.
  for (const { item, points } of scenarios)
    item.points = points ?? item.parts.reduce((sum, part) => sum + part.points, 0)
  if (items.length === 0) return undefined
  const sectionFacts = ctx.facts.sections?.[planned.identifier]
  const shuffle = sectionFacts
    ? sectionFacts.shuffle
    : planned.shuffle || anyShuffle
      ? { items: planned.shuffle, options: anyShuffle }
      : undefined
  return {
    id: ctx.takeSectionId(bankIdFromQti(planned.identifier) || `section-${index + 1}`),
    title: planned.title?.trim() || defaultSectionTitle(ctx.options),
    ...(sectionFacts?.declared ? { declared: sectionFacts.declared } : {}),
    ...(shuffle ? { shuffle } : {}),
    items,
  }
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

/**
 * IMS QTI 3.0 / 2.1 -> invigil-bank/1: a content package (zip with imsmanifest.xml) or a single item file. Choice,
 * extended-text and text-entry interactions are imported; any other interaction is a located error naming it.
 */
export function importQti(
  bytes: Uint8Array,
  options: ImportOptions,
  limits: QtiPackageLimits = QTI_PACKAGE_LIMITS,
): ImportResult {
  const diagnostics: Diagnostic[] = []
  const whole = (message: string, hint: string): ImportResult => ({
    diagnostics: [{ severity: 'error', file: options.file, line: 0, column: 0, path: '', message, hint }],
  })
  let pkg: QtiPackage
  let plan: PackagePlan
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const read = readQtiPackage(bytes, limits)
    if (!read.ok) return whole(read.message, read.hint)
    pkg = read.pkg
    const planned = readPackagePlan(pkg)
    for (const p of planned.problems)
      reporterFor({ pkg, options, diagnostics }, p.file)(p.severity ?? 'error', p.offset, p.message, p.hint)
    if (!planned.ok) return { diagnostics }
    plan = planned.plan
  } else {
    const single = singleItemPlan(options, bytes, limits)
    if (!single.pkg || !single.plan)
      return whole(single.error ?? 'unreadable', 'pass a QTI content package (.zip) or one item (.xml)')
    pkg = single.pkg
    plan = single.plan
  }
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
  }
  const scoringDefault = facts.bank?.multiple_scoring ?? options.multipleScoring ?? 'all_or_nothing'
  const sections = plan.sections
    .map((planned, index) => buildSection(ctx, planned, index, scoringDefault))
    .filter((s): s is Section => s !== undefined)
  const frameOptions: ImportOptions = {
    ...options,
    id: options.id ?? (plan.identifier ? bankIdFromQti(plan.identifier) : undefined),
    title: options.title ?? plan.title,
    language: options.language ?? plan.lang ?? ctx.lang,
    durationMinutes: options.durationMinutes ?? plan.durationMinutes,
  }
  const frame = bankFrame(ctx.texts.join('\n'), frameOptions, 'QTI', diagnostics)
  // A package from Invigil carries the bank's own facts, which replace the defaults the frame guessed.
  if (facts.bank) {
    const { source, ...rest } = facts.bank
    delete frame.source
    Object.assign(frame, rest, source ? { source } : {})
    if (options.multipleScoring) frame.multiple_scoring = options.multipleScoring
  }
  return finishBank(frame, sections, diagnostics, options.file, 'a QTI package lists its items in imsmanifest.xml')
}
