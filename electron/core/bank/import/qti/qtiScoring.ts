import type { MultipleScoring } from '../../schema'
import { childElements, descendants, firstChild, textContent } from './qtiXml'
import type { XmlElement } from './qtiXml'

/**
 * What a QTI item says about scoring, read from its declarations: the correct response, a mapResponse mapping,
 * SCORE's normal-maximum and the points a custom response processing sets.
 */
export interface ResponseDeclaration {
  identifier: string
  cardinality?: string
  baseType?: string
  correct: string[]
  mapping?: Mapping
  start: number
}
export interface Mapping {
  entries: Map<string, number>
  lowerBound?: number
  upperBound?: number
  defaultValue: number
  start: number
}

const numberAttr = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

export function readResponseDeclaration(element: XmlElement): ResponseDeclaration {
  const correct = childElements(firstChild(element, 'correctResponse') ?? element, 'value').map((v) =>
    textContent(v).trim(),
  )
  const mappingElement = firstChild(element, 'mapping')
  const mapping: Mapping | undefined = mappingElement && {
    entries: new Map(
      childElements(mappingElement, 'mapEntry').map((entry) => [
        entry.attrs.mapKey ?? '',
        numberAttr(entry.attrs.mappedValue) ?? 0,
      ]),
    ),
    lowerBound: numberAttr(mappingElement.attrs.lowerBound),
    upperBound: numberAttr(mappingElement.attrs.upperBound),
    defaultValue: numberAttr(mappingElement.attrs.defaultValue) ?? 0,
    start: mappingElement.start,
  }
  return {
    identifier: element.attrs.identifier ?? '',
    cardinality: element.attrs.cardinality,
    baseType: element.attrs.baseType,
    correct: firstChild(element, 'correctResponse') ? correct : [],
    ...(mapping ? { mapping } : {}),
    start: element.start,
  }
}

/** SCORE's normal-maximum, else the largest score a custom response processing sets, else undefined. */
export function statedPoints(item: XmlElement): number | undefined {
  const score = childElements(item, 'outcomeDeclaration').find((o) => o.attrs.identifier === 'SCORE')
  const maximum = numberAttr(score?.attrs.normalMaximum)
  if (maximum !== undefined) return maximum
  const processing = firstChild(item, 'responseProcessing')
  if (!processing) return undefined
  const set = descendants(processing)
    .filter((e) => e.name === 'setOutcomeValue' && e.attrs.identifier === 'SCORE')
    .map((e) => numberAttr(textContent(e).trim()))
    .filter((n): n is number => n !== undefined)
  return set.length > 0 ? Math.max(...set) : undefined
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))

/** The sum a mapping gives for the best answer: all positive weights, capped by the upper bound. */
export function mappingMaximum(mapping: Mapping, cardinality: 'single' | 'multiple'): number {
  const positive = [...mapping.entries.values()].filter((v) => v > 0)
  const best = cardinality === 'single' ? Math.max(0, ...positive) : positive.reduce((a, b) => a + b, 0)
  return mapping.upperBound === undefined ? best : Math.min(best, mapping.upperBound)
}

export interface ScoringRead {
  scoring: MultipleScoring
  /** Set when the mapping says more than the bank can hold: what was simplified. */
  simplified?: string
}

/**
 * A multiple-response mapping as the bank's rule. Invigil's `partial` is exactly the mapping the export writes:
 * each key choice weighs points/k, every other choice -points, lower bound 0 (a subset of the key earns its share,
 * any wrong choice earns zero). Any other weighting is approximated and said so.
 */
export function multipleScoring(
  mapping: Mapping | undefined,
  keyIds: string[],
  allIds: string[],
  points: number,
): ScoringRead {
  if (!mapping) return { scoring: 'all_or_nothing' }
  const share = points / keyIds.length
  const weight = (id: string): number => mapping.entries.get(id) ?? mapping.defaultValue
  const keyEven = keyIds.every((id) => near(weight(id), share))
  const wrongIds = allIds.filter((id) => !keyIds.includes(id))
  const wrongVoids = wrongIds.every((id) => weight(id) <= -points + 1e-9)
  if (keyEven && wrongVoids && mapping.lowerBound !== undefined && near(mapping.lowerBound, 0))
    return { scoring: 'partial' }
  const weights = allIds.map((id) => `${id}=${String(weight(id))}`).join(', ')
  if (keyIds.every((id) => weight(id) > 0))
    return {
      scoring: 'partial',
      simplified: `mapResponse weights (${weights}) simplified to Invigil's partial rule: each correct choice earns ${String(share)}, any wrong choice makes the item 0`,
    }
  return {
    scoring: 'all_or_nothing',
    simplified: `mapResponse weights (${weights}) simplified to all-or-nothing: the exact key earns ${String(points)}`,
  }
}
