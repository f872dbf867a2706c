import { strToU8, zipSync } from 'fflate'
import type { Zippable } from 'fflate'
import type { BankAsset } from '../../assets/bankAssets'
import { FACTS_ELEMENT, FACTS_NAMESPACE } from '../../import/qti/bankFacts'
import { MEDIA_FOLDER } from '../../import/qti/qtiAssets'
import type { BankFacts } from '../../import/qti/bankFacts'
import type { Bank, Item, ScenarioPart } from '../../schema'
import { itemXml, qtiIdentifier, ROOT_NAMESPACES, XML_DECLARATION } from './qtiItemXml'
import { escapeAttr, escapeXml, NOT_XML, textToXhtml } from './qtiText'

/**
 * invigil-bank/1 -> an IMS QTI 3.0 content package: imsmanifest.xml, one assessment test (sections, order,
 * shuffle, time limit), one item file per item and per scenario part, and one shared stimulus per scenario
 * (`qti-assessment-stimulus-ref`), so each part stays a plain item with standard response processing. The QTI 3.0
 * XSD is not available offline here; tests check the structure the specification requires instead.
 */
const CP_NS = 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1'
const CP_XSD = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd'
/** Fixed entry times, so exporting the same bank twice gives the same bytes. */
const ZIP_TIME = new Date('2026-01-01T00:00:00Z')

export type QtiExport = { ok: true; zip: Uint8Array; files: Map<string, string> } | { ok: false; message: string }

interface Resource {
  identifier: string
  type: string
  href: string
  dependencies: string[]
  /** Files beyond href (the images of a web-content resource). */
  files?: string[]
}

const itemPath = (id: string): string => `items/${qtiIdentifier(id)}.xml`
const stimulusPath = (id: string): string => `stimuli/${qtiIdentifier(id)}.xml`

function factsOf(bank: Bank): BankFacts {
  const facts: Required<BankFacts> = {
    bank: {
      ...(bank.$schema === undefined ? {} : { $schema: bank.$schema }),
      ...(bank.pass_mark === undefined ? {} : { pass_mark: bank.pass_mark }),
      ...(bank.multiple_scoring === undefined ? {} : { multiple_scoring: bank.multiple_scoring }),
      ...(bank.text_format === undefined ? {} : { text_format: bank.text_format }),
      ...(bank.instructions === undefined ? {} : { instructions: bank.instructions }),
      ...(bank.source === undefined ? {} : { source: bank.source }),
    },
    sections: {},
    items: {},
    scenarios: {},
  }
  const itemFacts = (item: Item | ScenarioPart): void => {
    facts.items[qtiIdentifier(item.id)] = {
      ...('scoring' in item && item.scoring ? { scoring: item.scoring } : {}),
      ...(item.truncated ? { truncated: true } : {}),
      ...(item.notes === undefined ? {} : { notes: item.notes }),
    }
  }
  for (const section of bank.sections) {
    facts.sections[qtiIdentifier(section.id)] = { declared: section.declared, shuffle: section.shuffle }
    for (const item of section.items) {
      if (item.type !== 'scenario') {
        itemFacts(item)
        continue
      }
      item.parts.forEach(itemFacts)
      facts.scenarios[qtiIdentifier(item.id)] = {
        points: item.points,
        ...(item.explanation === undefined ? {} : { explanation: item.explanation }),
        ...(item.truncated ? { truncated: true } : {}),
        ...(item.notes === undefined ? {} : { notes: item.notes }),
      }
    }
  }
  return facts
}

function stimulusXml(item: Extract<Item, { type: 'scenario' }>, language: string): string {
  const label = item.number === undefined ? '' : ` label="${escapeAttr(item.number)}"`
  return [
    XML_DECLARATION,
    `<qti-assessment-stimulus ${ROOT_NAMESPACES} identifier="${qtiIdentifier(item.id)}" title="${escapeAttr(item.stem.replace(/\s+/g, ' ').slice(0, 80))}"${label} xml:lang="${escapeAttr(language)}">`,
    '  <qti-stimulus-body>',
    textToXhtml(item.stem, '    '),
    '  </qti-stimulus-body>',
    '</qti-assessment-stimulus>',
    '',
  ].join('\n')
}

function manifestXml(bank: Bank, resources: Resource[]): string {
  const resource = (r: Resource): string =>
    [
      `    <resource identifier="${r.identifier}" type="${r.type}" href="${escapeAttr(r.href)}">`,
      ...[r.href, ...(r.files ?? [])].map((href) => `      <file href="${escapeAttr(href)}"/>`),
      ...r.dependencies.map((d) => `      <dependency identifierref="${d}"/>`),
      '    </resource>',
    ].join('\n')
  return [
    XML_DECLARATION,
    `<manifest xmlns="${CP_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${CP_NS} ${CP_XSD}" identifier="MANIFEST-${qtiIdentifier(bank.id)}">`,
    '  <metadata>',
    '    <schema>QTI Package</schema>',
    '    <schemaversion>3.0.0</schemaversion>',
    `    <invigil:${FACTS_ELEMENT} xmlns:invigil="${FACTS_NAMESPACE}">${escapeXml(JSON.stringify(factsOf(bank)))}</invigil:${FACTS_ELEMENT}>`,
    '  </metadata>',
    '  <organizations/>',
    '  <resources>',
    ...resources.map(resource),
    '  </resources>',
    '</manifest>',
    '',
  ].join('\n')
}

function testXml(bank: Bank): string {
  const sections = bank.sections.map((section) => {
    const refs = section.items.flatMap((item) =>
      item.type === 'scenario' ? item.parts.map((part) => part.id) : [item.id],
    )
    return [
      `    <qti-assessment-section identifier="${qtiIdentifier(section.id)}" title="${escapeAttr(section.title)}" visible="true">`,
      ...(section.shuffle?.items ? ['      <qti-ordering shuffle="true"/>'] : []),
      ...refs.map((id) => `      <qti-assessment-item-ref identifier="${qtiIdentifier(id)}" href="${itemPath(id)}"/>`),
      '    </qti-assessment-section>',
    ].join('\n')
  })
  return [
    XML_DECLARATION,
    `<qti-assessment-test ${ROOT_NAMESPACES} identifier="${qtiIdentifier(bank.id)}" title="${escapeAttr(bank.title)}">`,
    `  <qti-time-limits max-time="${String(bank.duration_minutes * 60)}"/>`,
    '  <qti-test-part identifier="part-1" navigation-mode="nonlinear" submission-mode="simultaneous">',
    ...sections,
    '  </qti-test-part>',
    '</qti-assessment-test>',
    '',
  ].join('\n')
}

/**
 * Builds the package; refuses (never throws) a bank whose text holds characters XML cannot carry. A markdown bank's
 * images (`assets`, as loadBankFile read them) go under media/ by their path in the bank, listed as one web-content
 * resource; its texts stay Markdown as written, so the import gives the bank and its images back.
 */
export function exportQti(bank: Bank, assets: readonly BankAsset[] = []): QtiExport {
  const files = new Map<string, string>()
  const resources: Resource[] = []
  const defaultScoring = bank.multiple_scoring ?? 'all_or_nothing'
  const addItem = (
    item: Item | ScenarioPart,
    shuffleOptions: boolean,
    extra: { number?: string; stimulus?: Extract<Item, { type: 'scenario' }> },
  ): void => {
    const path = itemPath(item.id)
    const stimulus = extra.stimulus && {
      identifier: qtiIdentifier(extra.stimulus.id),
      href: `../${stimulusPath(extra.stimulus.id)}`,
      title: extra.stimulus.stem,
    }
    const scoring = ('scoring' in item ? item.scoring : undefined) ?? defaultScoring
    files.set(path, itemXml({ item, number: extra.number, language: bank.language, shuffleOptions, scoring, stimulus }))
    const dependencies = extra.stimulus ? [`RES-stimulus-${qtiIdentifier(extra.stimulus.id)}`] : []
    resources.push({
      identifier: `RES-item-${qtiIdentifier(item.id)}`,
      type: 'imsqti_item_xmlv3p0',
      href: path,
      dependencies,
    })
  }
  for (const section of bank.sections) {
    const shuffle = section.shuffle?.options ?? false
    for (const item of section.items) {
      if (item.type !== 'scenario') {
        addItem(item, shuffle, { number: item.number })
        continue
      }
      files.set(stimulusPath(item.id), stimulusXml(item, bank.language))
      resources.push({
        identifier: `RES-stimulus-${qtiIdentifier(item.id)}`,
        type: 'imsqti_stimulus_xmlv3p0',
        href: stimulusPath(item.id),
        dependencies: [],
      })
      for (const part of item.parts) addItem(part, shuffle, { stimulus: item })
    }
  }
  files.set('test.xml', testXml(bank))
  const itemResources = resources.filter((r) => r.type === 'imsqti_item_xmlv3p0').map((r) => r.identifier)
  resources.unshift({
    identifier: `RES-test-${qtiIdentifier(bank.id)}`,
    type: 'imsqti_test_xmlv3p0',
    href: 'test.xml',
    dependencies: itemResources,
  })
  const media = assets.map((asset) => `${MEDIA_FOLDER}/${asset.path}`)
  const [firstMedia, ...moreMedia] = media
  if (firstMedia !== undefined)
    resources.push({
      identifier: 'RES-media',
      type: 'webcontent',
      href: firstMedia,
      dependencies: [],
      files: moreMedia,
    })
  files.set('imsmanifest.xml', manifestXml(bank, resources))
  for (const [path, text] of files) {
    const bad = NOT_XML.exec(text)
    if (bad)
      return {
        ok: false,
        message: `${path}: the bank holds the character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}, which XML cannot carry`,
      }
  }
  const zippable: Zippable = {}
  for (const [path, text] of files) zippable[path] = [strToU8(text), { mtime: ZIP_TIME }]
  assets.forEach((asset, index) => {
    zippable[media[index] ?? ''] = [Buffer.from(asset.data, 'base64'), { mtime: ZIP_TIME, level: 0 }]
  })
  return { ok: true, zip: zipSync(zippable, { level: 6 }), files }
}
