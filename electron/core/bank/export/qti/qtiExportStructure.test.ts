import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { loadBankText } from '../../loadBank'
import { resolveHref } from '../../import/qti/qtiPackage'
import { exportQti } from '.'

/**
 * The QTI 3.0 XSD cannot be fetched offline here, so these tests check what the specification requires of the
 * structure: namespaces, element order, required attributes, and that every reference resolves inside the package.
 */
const QTI = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0'
const CP = 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1'
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/

interface El {
  tag: string
  attrs: Record<string, string>
  children: El[]
  text: string
}
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
})
function toEl(raw: Record<string, unknown>): El | undefined {
  const tag = Object.keys(raw).find((k) => k !== ':@')
  if (!tag || tag.startsWith('?') || tag === '#text') return undefined
  const kids = raw[tag] as Record<string, unknown>[]
  return {
    tag,
    attrs: (raw[':@'] as Record<string, string> | undefined) ?? {},
    children: kids.map(toEl).filter((e): e is El => e !== undefined),
    text: kids.map((k) => (typeof k['#text'] === 'string' ? k['#text'] : '')).join(''),
  }
}
const rootOf = (xml: string): El => {
  expect(XMLValidator.validate(xml)).toBe(true)
  const root = (parser.parse(xml) as Record<string, unknown>[]).map(toEl).find((e) => e !== undefined)
  if (!root) throw new Error('no root')
  return root
}
const all = (el: El): El[] => el.children.flatMap((c) => [c, ...all(c)])
const kids = (el: El, tag: string): El[] => el.children.filter((c) => c.tag === tag)

const bankFile = resolve(import.meta.dirname, '../../../../../banks/it-customer-service-certification-2026.yaml')
const bank = loadBankText(readFileSync(bankFile, 'utf8'), bankFile).bank
const exported = bank && exportQti(bank)
if (!exported?.ok) throw new Error('seed bank does not export')
const files = exported.files

describe('QTI 3.0 export structure', () => {
  const manifest = rootOf(files.get('imsmanifest.xml') ?? '')
  const resources = all(manifest).filter((e) => e.tag === 'resource')

  it('has a manifest in the QTI 3.0 content-packaging namespace that lists every file, and only files it holds', () => {
    expect(manifest.tag).toBe('manifest')
    expect(manifest.attrs.xmlns).toBe(CP)
    const metadata = kids(manifest, 'metadata')[0]
    expect(metadata && kids(metadata, 'schema')[0]?.text).toBe('QTI Package')
    expect(metadata && kids(metadata, 'schemaversion')[0]?.text).toBe('3.0.0')
    const ids = resources.map((r) => r.attrs.identifier)
    expect(new Set(ids).size).toBe(ids.length)
    for (const r of resources) {
      expect(['imsqti_item_xmlv3p0', 'imsqti_test_xmlv3p0', 'imsqti_stimulus_xmlv3p0']).toContain(r.attrs.type)
      expect(files.has(r.attrs.href ?? '')).toBe(true)
      expect(kids(r, 'file').map((f) => f.attrs.href)).toEqual([r.attrs.href])
      for (const d of kids(r, 'dependency')) expect(ids).toContain(d.attrs.identifierref)
    }
    expect(new Set(resources.map((r) => r.attrs.href))).toEqual(
      new Set([...files.keys()].filter((f) => f !== 'imsmanifest.xml')),
    )
  })

  it('writes items in the QTI 3.0 namespace with the required attributes and element order', () => {
    const items = resources.filter((r) => r.attrs.type === 'imsqti_item_xmlv3p0')
    expect(items.length).toBe(39)
    const ORDER = [
      'qti-response-declaration',
      'qti-outcome-declaration',
      'qti-assessment-stimulus-ref',
      'qti-item-body',
      'qti-response-processing',
    ]
    for (const r of items) {
      const path = r.attrs.href ?? ''
      const item = rootOf(files.get(path) ?? '')
      expect(item.tag).toBe('qti-assessment-item')
      expect(item.attrs.xmlns).toBe(QTI)
      expect(item.attrs.identifier).toMatch(IDENTIFIER)
      for (const attr of ['title', 'adaptive', 'time-dependent', 'xml:lang'])
        expect(item.attrs[attr], `${path} ${attr}`).toBeDefined()
      const order = item.children.map((c) => ORDER.indexOf(c.tag))
      expect(
        order.every((n) => n >= 0),
        path,
      ).toBe(true)
      expect(
        [...order].sort((a, b) => a - b),
        path,
      ).toEqual(order)
      const declared = kids(item, 'qti-response-declaration').map((d) => {
        expect(d.attrs.cardinality).toMatch(/^(single|multiple)$/)
        return d.attrs.identifier
      })
      const score = kids(item, 'qti-outcome-declaration').find((o) => o.attrs.identifier === 'SCORE')
      expect(score?.attrs).toMatchObject({ cardinality: 'single', 'base-type': 'float' })
      expect(Number(score?.attrs['normal-maximum'])).toBeGreaterThanOrEqual(0)
      const interactions = all(item).filter((e) => e.tag.endsWith('-interaction'))
      expect(interactions.length, path).toBe(1)
      for (const i of interactions) expect(declared).toContain(i.attrs['response-identifier'])
      const choices = all(item)
        .filter((e) => e.tag === 'qti-simple-choice')
        .map((c) => c.attrs.identifier)
      const correct = all(item)
        .filter((e) => e.tag === 'qti-correct-response')
        .flatMap((c) => kids(c, 'qti-value').map((v) => v.text))
      if (choices.length > 0) for (const value of correct) expect(choices).toContain(value)
      for (const ref of kids(item, 'qti-assessment-stimulus-ref')) {
        const target = resolveHref(path, ref.attrs.href ?? '') ?? ''
        const stimulus = rootOf(files.get(target) ?? '')
        expect(stimulus.tag).toBe('qti-assessment-stimulus')
        expect(stimulus.attrs.identifier).toBe(ref.attrs.identifier)
        expect(kids(stimulus, 'qti-stimulus-body')).toHaveLength(1)
      }
    }
  })

  it('writes a test whose item references resolve to the items they name', () => {
    const test = rootOf(files.get('test.xml') ?? '')
    expect(test.tag).toBe('qti-assessment-test')
    expect(test.attrs.xmlns).toBe(QTI)
    const part = kids(test, 'qti-test-part')[0]
    expect(part?.attrs).toMatchObject({ 'navigation-mode': 'nonlinear', 'submission-mode': 'simultaneous' })
    expect(kids(test, 'qti-time-limits')[0]?.attrs['max-time']).toBe('5400')
    const refs = all(test).filter((e) => e.tag === 'qti-assessment-item-ref')
    expect(refs).toHaveLength(39)
    for (const ref of refs) {
      const item = rootOf(files.get(resolveHref('test.xml', ref.attrs.href ?? '') ?? '') ?? '')
      expect(item.attrs.identifier).toBe(ref.attrs.identifier)
    }
    for (const section of all(test).filter((e) => e.tag === 'qti-assessment-section'))
      for (const attr of ['identifier', 'title', 'visible']) expect(section.attrs[attr]).toBeDefined()
  })
})
