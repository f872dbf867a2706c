import type { Diagnostic } from '../../diagnostics'
import type { Item, ScenarioPart, Section } from '../../schema'
import { defaultSectionTitle } from '../bankDefaults'
import { createImportReporter } from '../importReporter'
import type { ImportReport } from '../importReporter'
import type { ImportOptions } from '../types'
import type { BodyReader } from './bodyText'
import type { BankFacts } from './bankFacts'
import { readQtiItem, reportedText } from './qtiItem'
import type { ReadItem } from './qtiItem'
import type { ItemRef, PlannedSection } from './qtiManifest'
import { resolveHref } from './qtiPackage'
import type { QtiPackage } from './qtiPackage'
import { firstChild, parseXml } from './qtiXml'

/** The sections of a QTI import: items in the test's order, parts sharing a stimulus gathered into one scenario. */

export const bankIdFromQti = (identifier: string): string =>
  identifier.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '')

interface Stimulus {
  identifier: string
  label?: string
  stem: string
}

export interface Context {
  pkg: QtiPackage
  options: ImportOptions
  diagnostics: Diagnostic[]
  facts: BankFacts
  takeId: (wanted: string) => string
  takeSectionId: (wanted: string) => string
  stimuli: Map<string, Stimulus | undefined>
  texts: string[]
  lang?: string
  /** How bodies of the file at `path` are read: as plain text, or as Markdown whose images it reports there. */
  readerFor: (path: string, report: ImportReport) => BodyReader
}

/** Diagnostics name the entry inside the package as `paper.zip!/items/q1.xml`. */
const entryName = (pkg: QtiPackage, file: string, path: string): string =>
  pkg.xml.size === 1 && pkg.names.size === 0 ? file : `${file}!/${path}`

export function reporterFor(ctx: Pick<Context, 'pkg' | 'options' | 'diagnostics'>, path: string): ImportReport {
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
    const text = reportedText(ctx.readerFor(path, stimReport).flow(body.children), stimReport)
    if (text === '') stimReport('error', body.start, 'the stimulus has no text')
    else
      stimulus = {
        identifier: parsed.root.attrs.identifier ?? '',
        ...(parsed.root.attrs.label ? { label: parsed.root.attrs.label } : {}),
        stem: text,
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
  const read = readQtiItem(parsed.root, report, ctx.readerFor(ref.path, report))
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

export function buildSection(
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
