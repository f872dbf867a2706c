import { XMLParser } from 'fast-xml-parser'

/**
 * One tree for QTI 3.0 and 2.1 alike: element names lose their namespace prefix and QTI 3's `qti-` kebab case
 * (`qti-choice-interaction` and `choiceInteraction` both become `choiceInteraction`), attributes likewise
 * (`response-identifier` -> `responseIdentifier`), so the importer reads one vocabulary. XHTML names are unchanged.
 */
export interface XmlElement {
  name: string
  /** The name as written in the source, e.g. `qti-hotspot-interaction`, for messages. */
  tag: string
  attrs: Record<string, string>
  children: XmlNode[]
  /** Character offset of the element's `<` in the source text, for located diagnostics. */
  start: number
}
export type XmlNode = XmlElement | { text: string }

export const isElement = (node: XmlNode): node is XmlElement => 'name' in node

export type XmlParse = { ok: true; root: XmlElement } | { ok: false; offset: number; message: string }

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
const localName = (name: string): string => name.slice(name.indexOf(':') + 1)
const normalName = (name: string): string => {
  const local = localName(name)
  return local.startsWith('qti-') ? camel(local.slice(4)) : local
}
const normalAttr = (name: string): string => (name === 'xml:lang' ? 'lang' : camel(localName(name)))

const ATTRS = ':@'
const META = XMLParser.getMetaDataSymbol() as unknown as string

// Entities: the XML ones and numeric references are decoded (htmlEntities also turns the common HTML names such as
// &nbsp; into characters, as XHTML item bodies use them); internal DTD entities are never expanded, and a document
// with a DOCTYPE is refused before parsing, so no entity bomb can reach the parser. maxNestedTags bounds the depth.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  captureMetaData: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 200,
})

type Raw = Record<string, unknown>

function convert(raw: Raw): XmlNode | undefined {
  const name = Object.keys(raw).find((key) => key !== ATTRS)
  if (name === undefined) return undefined
  const value = raw[name]
  if (name === '#text') return { text: typeof value === 'string' ? value : String(value) }
  if (name === '#cdata') return { text: (value as Raw[]).map((part) => String(part['#text'] ?? '')).join('') }
  if (name.startsWith('?') || name.startsWith('!')) return undefined
  const attrs: Record<string, string> = {}
  for (const [key, attr] of Object.entries((raw[ATTRS] as Raw | undefined) ?? {}))
    if (!key.startsWith('xmlns')) attrs[normalAttr(key)] = String(attr)
  const children = ((value as Raw[] | undefined) ?? []).map(convert).filter((n): n is XmlNode => n !== undefined)
  const meta = (raw as Record<string, { startIndex?: number } | undefined>)[META]
  return { name: normalName(name), tag: name, attrs, children, start: meta?.startIndex ?? 0 }
}

/** Parses one XML document; never throws. A DOCTYPE (and with it any entity declaration) is refused. */
export function parseXml(text: string): XmlParse {
  const doctype = /<!DOCTYPE/i.exec(text)
  if (doctype)
    return { ok: false, offset: doctype.index, message: 'a DOCTYPE is not accepted (entity declarations are refused)' }
  let raw: Raw[]
  try {
    raw = parser.parse(text, true) as Raw[]
  } catch (error) {
    const message = (error as Error).message
    // fast-xml-parser ends its message with `:line:column`; the diagnostic carries the place, so it is cut here.
    const place = /:(\d+):(\d+)$/.exec(message)
    const offset = place ? lineOffset(text, Number(place[1])) + Number(place[2]) - 1 : 0
    return { ok: false, offset, message: `not well-formed XML: ${message.replace(/\.?:\d+:\d+$/, '')}` }
  }
  const root = raw.map(convert).find((node): node is XmlElement => node !== undefined && isElement(node))
  return root ? { ok: true, root } : { ok: false, offset: 0, message: 'the file holds no XML element' }
}

function lineOffset(text: string, line: number): number {
  let offset = 0
  for (let n = 1; n < line && offset !== -1; n++) offset = text.indexOf('\n', offset) + 1 || -1
  return Math.max(0, offset)
}

export const childElements = (element: XmlElement, name?: string): XmlElement[] =>
  element.children.filter((node): node is XmlElement => isElement(node) && (name === undefined || node.name === name))

export const firstChild = (element: XmlElement, name: string): XmlElement | undefined => childElements(element, name)[0]

/** Every descendant element (depth first, document order), the element itself excluded. */
export function descendants(element: XmlElement): XmlElement[] {
  const out: XmlElement[] = []
  const visit = (node: XmlElement): void => {
    for (const child of childElements(node)) {
      out.push(child)
      visit(child)
    }
  }
  visit(element)
  return out
}

/** The concatenated text of an element and its descendants, as written. */
export function textContent(node: XmlNode): string {
  return isElement(node) ? node.children.map(textContent).join('') : node.text
}
