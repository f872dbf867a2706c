import { bankFactsSchema, FACTS_ELEMENT } from './bankFacts'
import type { BankFacts } from './bankFacts'
import { resolveHref } from './qtiPackage'
import type { QtiPackage } from './qtiPackage'
import { childElements, descendants, firstChild, parseXml, textContent } from './qtiXml'
import type { XmlElement } from './qtiXml'

/**
 * The reading order of a content package: the assessmentTest's sections and item references when the package has
 * a test, else the item resources in manifest order as one section. Both QTI 3.0 and 2.1 resource types.
 */
export const ITEM_RESOURCE = /^imsqti_item_xmlv(?:3p0|2p[0-2])$/
const TEST_RESOURCE = /^imsqti_test_xmlv(?:3p0|2p[0-2])$/
export const MANIFEST = 'imsmanifest.xml'

export interface ItemRef {
  /** Package path of the item file. */
  path: string
  /** Where the reference stands (file and offset), for "missing file" diagnostics. */
  from: string
  start: number
}
export interface PlannedSection {
  identifier: string
  title?: string
  shuffle: boolean
  items: ItemRef[]
}
export interface PackagePlan {
  identifier?: string
  title?: string
  lang?: string
  durationMinutes?: number
  sections: PlannedSection[]
  facts?: BankFacts
}

export interface PlanProblem {
  /** Errors unless said otherwise. */
  severity?: 'warning'
  file: string
  offset: number
  message: string
  hint: string
}
export type PlanRead = { ok: true; plan: PackagePlan; problems: PlanProblem[] } | { ok: false; problems: PlanProblem[] }

export function parsePackageXml(pkg: QtiPackage, path: string): { root?: XmlElement; problem?: PlanProblem } {
  const text = pkg.xml.get(path)
  if (text === undefined)
    return {
      problem: {
        file: MANIFEST,
        offset: 0,
        message: `"${path}" is not in the package`,
        hint: 'the manifest names a file the zip does not hold',
      },
    }
  const parsed = parseXml(text)
  return parsed.ok
    ? { root: parsed.root }
    : { problem: { file: path, offset: parsed.offset, message: parsed.message, hint: 'fix the XML' } }
}

function readFacts(metadata: XmlElement | undefined, problems: PlanProblem[]): BankFacts | undefined {
  const element = metadata && childElements(metadata).find((e) => e.name === FACTS_ELEMENT)
  if (!element) return undefined
  try {
    const parsed = bankFactsSchema.safeParse(JSON.parse(textContent(element)))
    if (parsed.success) return parsed.data
  } catch {
    // reported below
  }
  problems.push({
    severity: 'warning',
    file: MANIFEST,
    offset: element.start,
    message: 'the Invigil bank facts in the manifest are damaged and were ignored',
    hint: 'export the bank again',
  })
  return undefined
}

/** Flattens nested sections: every section that holds item references becomes one bank section. */
function testSections(test: XmlElement, testPath: string, problems: PlanProblem[]): PlannedSection[] {
  const out: PlannedSection[] = []
  const visit = (section: XmlElement): void => {
    const refs = childElements(section, 'assessmentItemRef')
    const ordering = firstChild(section, 'ordering')
    if (refs.length > 0) {
      const items: ItemRef[] = []
      for (const ref of refs) {
        const path = resolveHref(testPath, ref.attrs.href ?? '')
        if (path === undefined)
          problems.push({
            file: testPath,
            offset: ref.start,
            message: `item reference "${ref.attrs.href ?? ''}" points outside the package`,
            hint: 'references stay inside the package',
          })
        else items.push({ path, from: testPath, start: ref.start })
      }
      out.push({
        identifier: section.attrs.identifier ?? '',
        title: section.attrs.title,
        shuffle: ordering?.attrs.shuffle === 'true',
        items,
      })
    }
    for (const child of childElements(section, 'assessmentSection')) visit(child)
  }
  for (const part of childElements(test, 'testPart'))
    for (const section of childElements(part, 'assessmentSection')) visit(section)
  return out
}

const minutesOf = (root: XmlElement): number | undefined => {
  const limits = [root, ...descendants(root)].find((e) => e.name === 'timeLimits' && e.attrs.maxTime !== undefined)
  const seconds = Number(limits?.attrs.maxTime)
  return limits && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : undefined
}

export function readPackagePlan(pkg: QtiPackage): PlanRead {
  const problems: PlanProblem[] = []
  const manifest = parsePackageXml(pkg, MANIFEST)
  if (!manifest.root) {
    const missing = !pkg.xml.has(MANIFEST)
    return {
      ok: false,
      problems: [
        missing
          ? {
              file: MANIFEST,
              offset: 0,
              message: 'the package has no imsmanifest.xml at its root',
              hint: 'a QTI content package lists its items in imsmanifest.xml',
            }
          : (manifest.problem as PlanProblem),
      ],
    }
  }
  const resources = childElements(firstChild(manifest.root, 'resources') ?? manifest.root, 'resource')
  const href = (resource: XmlElement): string | undefined => {
    const path = resolveHref(MANIFEST, resource.attrs.href ?? '')
    if (path === undefined)
      problems.push({
        file: MANIFEST,
        offset: resource.start,
        message: `resource "${resource.attrs.identifier ?? ''}" points outside the package`,
        hint: 'resources stay inside the package',
      })
    return path
  }
  const facts = readFacts(firstChild(manifest.root, 'metadata'), problems)
  const testResource = resources.find((r) => TEST_RESOURCE.test(r.attrs.type ?? ''))
  const testPath = testResource && href(testResource)
  if (testPath !== undefined) {
    const test = parsePackageXml(pkg, testPath)
    if (!test.root) return { ok: false, problems: [...problems, test.problem as PlanProblem] }
    const sections = testSections(test.root, testPath, problems)
    return {
      ok: true,
      problems,
      plan: {
        identifier: test.root.attrs.identifier,
        title: test.root.attrs.title,
        lang: test.root.attrs.lang,
        durationMinutes: minutesOf(test.root),
        sections,
        facts,
      },
    }
  }
  const items: ItemRef[] = []
  for (const resource of resources.filter((r) => ITEM_RESOURCE.test(r.attrs.type ?? ''))) {
    const path = href(resource)
    if (path !== undefined) items.push({ path, from: MANIFEST, start: resource.start })
  }
  return {
    ok: true,
    problems,
    plan: {
      identifier: manifest.root.attrs.identifier,
      sections: [{ identifier: 'questions', shuffle: false, items }],
      facts,
    },
  }
}
