import type { Item, MultipleScoring, ScenarioPart } from '../../schema'
import { escapeAttr, escapeXml, textToXhtml } from './qtiText'

/**
 * One bank item (or scenario part) as a QTI 3.0 assessment item. Scoring is stated twice on purpose: SCORE's
 * normal-maximum gives the points, and the response processing computes the same score in any QTI player
 * (map_response for single choice and partial multiple choice, match_correct or an explicit match for
 * all-or-nothing, none for short answers, which are scored by people).
 */
export const QTI_NS = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0'
const XSI = 'http://www.w3.org/2001/XMLSchema-instance'
const QTI_XSD = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd'
const RP_TEMPLATES = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates'
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
export const ROOT_NAMESPACES = `xmlns="${QTI_NS}" xmlns:xsi="${XSI}" xsi:schemaLocation="${QTI_NS} ${QTI_XSD}"`

/** QTI identifiers start with a letter or `_`; bank ids may start with a digit and get `_` in front. */
export const qtiIdentifier = (id: string): string => (/^[A-Za-z_]/.test(id) ? id : `_${id}`)

const TRUE_FALSE_LABELS: Record<string, [string, string]> = {
  'zh-Hant': ['正確', '錯誤'],
  'zh-Hans': ['正确', '错误'],
  zh: ['正确', '错误'],
  en: ['True', 'False'],
}
const trueFalseLabels = (language: string): [string, string] =>
  TRUE_FALSE_LABELS[language] ?? TRUE_FALSE_LABELS[language.split('-')[0] ?? ''] ?? ['True', 'False']

/** A one-line text inline; anything else as blocks, so the importer reads the same text back. */
function choiceContent(text: string): string {
  const blocks = textToXhtml(text)
  return blocks.startsWith('<p>') && !blocks.includes('</p>\n') && !text.includes('\n')
    ? escapeXml(text)
    : `\n${blocks}\n      `
}

const num = (n: number): string => String(n)
const title = (text: string): string => escapeXml(text.replace(/\s+/g, ' ').slice(0, 80))

export interface ItemXmlInput {
  item: Item | ScenarioPart
  number?: string
  language: string
  shuffleOptions: boolean
  /** The rule that applies to a multiple-choice item: its own, else the bank's default. */
  scoring: MultipleScoring
  stimulus?: { identifier: string; href: string; title: string }
}

function responseDeclaration(input: ItemXmlInput): string {
  const { item } = input
  const open = (cardinality: string, baseType: string): string =>
    `  <qti-response-declaration identifier="RESPONSE" cardinality="${cardinality}" base-type="${baseType}">`
  const values = (vs: string[]): string =>
    `    <qti-correct-response>\n${vs.map((v) => `      <qti-value>${escapeXml(v)}</qti-value>`).join('\n')}\n    </qti-correct-response>`
  const mapping = (entries: [string, number][], upper: number): string =>
    [
      `    <qti-mapping lower-bound="0" upper-bound="${num(upper)}" default-value="0">`,
      ...entries.map(([k, v]) => `      <qti-map-entry map-key="${escapeAttr(k)}" mapped-value="${num(v)}"/>`),
      '    </qti-mapping>',
    ].join('\n')
  const close = '  </qti-response-declaration>'
  switch (item.type) {
    case 'single':
      return [
        open('single', 'identifier'),
        values([item.key]),
        mapping([[item.key, item.points]], item.points),
        close,
      ].join('\n')
    case 'true_false': {
      const key = item.key ? 'true' : 'false'
      return [open('single', 'identifier'), values([key]), mapping([[key, item.points]], item.points), close].join('\n')
    }
    case 'multiple': {
      const lines = [open('multiple', 'identifier'), values(item.key)]
      if (input.scoring === 'partial') {
        const share = item.points / item.key.length
        const weights = Object.keys(item.options).map((l): [string, number] => [
          l,
          item.key.includes(l) ? share : -item.points,
        ])
        lines.push(mapping(weights, item.points))
      }
      return [...lines, close].join('\n')
    }
    case 'short_answer':
      return item.reference_answer === undefined
        ? `  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>`
        : [open('single', 'string'), values([item.reference_answer]), close].join('\n')
    default:
      return ''
  }
}

function interaction(input: ItemXmlInput): string {
  const { item } = input
  const shuffle = input.shuffleOptions ? 'true' : 'false'
  const choices = (entries: [string, string][], maxChoices: number): string =>
    [
      `    <qti-choice-interaction response-identifier="RESPONSE" shuffle="${shuffle}" max-choices="${num(maxChoices)}">`,
      ...entries.map(
        ([id, text]) => `      <qti-simple-choice identifier="${id}">${choiceContent(text)}</qti-simple-choice>`,
      ),
      '    </qti-choice-interaction>',
    ].join('\n')
  switch (item.type) {
    case 'single':
      return choices(Object.entries(item.options), 1)
    case 'multiple':
      return choices(Object.entries(item.options), 0)
    case 'true_false': {
      const [yes, no] = trueFalseLabels(input.language)
      return choices(
        [
          ['true', yes],
          ['false', no],
        ],
        1,
      )
    }
    default:
      return '    <qti-extended-text-interaction response-identifier="RESPONSE"/>'
  }
}

function responseProcessing(input: ItemXmlInput): string {
  const { item } = input
  if (item.type === 'short_answer' || item.type === 'scenario') return ''
  if (item.type !== 'multiple' || input.scoring === 'partial')
    return `  <qti-response-processing template="${RP_TEMPLATES}/map_response.xml"/>`
  if (item.points === 1) return `  <qti-response-processing template="${RP_TEMPLATES}/match_correct.xml"/>`
  const set = (points: number): string =>
    `<qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">${num(points)}</qti-base-value></qti-set-outcome-value>`
  return [
    '  <qti-response-processing>',
    '    <qti-response-condition>',
    '      <qti-response-if>',
    '        <qti-match><qti-variable identifier="RESPONSE"/><qti-correct identifier="RESPONSE"/></qti-match>',
    `        ${set(item.points)}`,
    '      </qti-response-if>',
    `      <qti-response-else>${set(0)}</qti-response-else>`,
    '    </qti-response-condition>',
    '  </qti-response-processing>',
  ].join('\n')
}

export function itemXml(input: ItemXmlInput): string {
  const { item } = input
  const human = item.type === 'short_answer' ? ' external-scored="human"' : ''
  const label = input.number === undefined ? '' : ` label="${escapeAttr(input.number)}"`
  const stimulus = input.stimulus
    ? `  <qti-assessment-stimulus-ref identifier="${input.stimulus.identifier}" href="${escapeAttr(input.stimulus.href)}" title="${title(input.stimulus.title)}"/>`
    : ''
  const explanation =
    item.explanation === undefined
      ? ''
      : `    <qti-rubric-block view="scorer" use="explanation">\n      <qti-content-body>\n${textToXhtml(item.explanation, '        ')}\n      </qti-content-body>\n    </qti-rubric-block>`
  return [
    XML_DECLARATION,
    `<qti-assessment-item ${ROOT_NAMESPACES} identifier="${qtiIdentifier(item.id)}" title="${title(item.stem)}"${label} adaptive="false" time-dependent="false" xml:lang="${escapeAttr(input.language)}">`,
    responseDeclaration(input),
    `  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float" normal-maximum="${num(item.points)}"${human}>`,
    '    <qti-default-value><qti-value>0</qti-value></qti-default-value>',
    '  </qti-outcome-declaration>',
    stimulus,
    '  <qti-item-body>',
    textToXhtml(item.stem, '    '),
    interaction(input),
    explanation,
    '  </qti-item-body>',
    responseProcessing(input),
    '</qti-assessment-item>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n')
}
