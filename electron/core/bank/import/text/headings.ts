import type { ItemType, Section } from '../../schema'

/** A section heading such as 一、單選題(共10題,每題2分,合計20分), located in the paper body. */
export interface SectionHeading {
  start: number
  /** Just after the heading (and its declaration, when it has one). */
  end: number
  numeral: string
  /** 1 for 一, 2 for 二, ... */
  ordinal: number
  /** The name as printed, e.g. 單選題, 情景分析題. */
  title: string
  titleStart: number
  /** Undefined when the name names no known item type. */
  type?: ItemType
  declared?: NonNullable<Section['declared']>
}

const NUMERAL = '[一二三四五六七八九十]{1,3}'
// A short name ending in 題/题 with no punctuation or digits in it; lazy, so it stops at the first 題.
const NAME = '[^\\s、,，。.:：;；()（）\\d]{1,11}?[題题]'
const DECLARATION = '[(（][^()（）\\n]{0,40}[)）]'
const HEADING = new RegExp(`(${NUMERAL})、(${NAME})(${DECLARATION})?`, 'y')
const HEADING_ANYWHERE = new RegExp(HEADING.source, 'g')

const DECLARED_COUNT = /共\s*(\d+)\s*[題题道]/
const DECLARED_EACH = /每\s*[題题道]\s*(\d+(?:\.\d+)?)\s*分/
const DECLARED_TOTAL = /(?:合計|合计|總計|总计|共計|共计|總分|总分|共)\s*(\d+(?:\.\d+)?)\s*分/

const TYPE_NAMES: readonly (readonly [RegExp, ItemType])[] = [
  [/單選|单选|單項選擇|单项选择/, 'single'],
  [/多選|多选|多項選擇|多项选择/, 'multiple'],
  [/判斷|判断/, 'true_false'],
  [/簡答|简答/, 'short_answer'],
  [/情景|案例/, 'scenario'],
]

export const KNOWN_SECTION_NAMES = '單選題, 多選題, 判斷題, 簡答題, 情景題 or 案例題 (or their Simplified forms)'

export const sectionType = (name: string): ItemType | undefined =>
  TYPE_NAMES.find(([pattern]) => pattern.test(name))?.[1]

const DIGITS = '一二三四五六七八九'

/** 一 -> 1, 十 -> 10, 十二 -> 12, 二十一 -> 21; undefined for anything else. */
export function numeralValue(numeral: string): number | undefined {
  const digit = (char: string): number | undefined =>
    char.length === 1 && DIGITS.includes(char) ? DIGITS.indexOf(char) + 1 : undefined
  const ten = numeral.indexOf('十')
  if (ten < 0) return digit(numeral)
  const tens = ten === 0 ? 1 : digit(numeral.slice(0, ten))
  const rest = numeral.slice(ten + 1)
  const ones = rest === '' ? 0 : digit(rest)
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones
}

/** 1 -> 一, 12 -> 十二, 21 -> 二十一 (up to 99). */
export function numeralFor(value: number): string {
  const digit = (n: number): string => DIGITS.charAt(n - 1)
  if (value < 10) return digit(value)
  const tens = Math.floor(value / 10)
  return `${tens === 1 ? '' : digit(tens)}十${value % 10 === 0 ? '' : digit(value % 10)}`
}

function parseDeclared(declaration: string): SectionHeading['declared'] {
  const count = DECLARED_COUNT.exec(declaration)?.[1]
  const each = DECLARED_EACH.exec(declaration)?.[1]
  // The total is searched without the count, whose 共 would otherwise be read as the total's 共.
  const total = DECLARED_TOTAL.exec(declaration.replace(DECLARED_COUNT, ''))?.[1]
  if (count === undefined && each === undefined && total === undefined) return undefined
  return {
    ...(count === undefined ? {} : { count: Number(count) }),
    ...(each === undefined ? {} : { points_each: Number(each) }),
    ...(total === undefined ? {} : { total: Number(total) }),
  }
}

/** The heading that starts exactly at `index`, if one does. */
export function headingAt(text: string, index: number): SectionHeading | undefined {
  HEADING.lastIndex = index
  const match = HEADING.exec(text)
  return match ? toHeading(match) : undefined
}

function toHeading(match: RegExpExecArray | RegExpMatchArray): SectionHeading | undefined {
  const index = match.index ?? 0
  const [whole, numeral = '', title = '', declaration] = match
  const ordinal = numeralValue(numeral)
  if (ordinal === undefined) return undefined
  const declared = declaration === undefined ? undefined : parseDeclared(declaration)
  // A parenthesis that declares nothing is not part of the heading.
  const length = declaration !== undefined && declared === undefined ? whole.length - declaration.length : whole.length
  const type = sectionType(title)
  return {
    start: index,
    end: index + length,
    numeral,
    ordinal,
    title,
    titleStart: index + numeral.length + 1,
    ...(type ? { type } : {}),
    ...(declared ? { declared } : {}),
  }
}

/** Every heading-shaped run in [from, to), in order. */
export function findHeadings(text: string, from: number, to: number): SectionHeading[] {
  // Searching a slice keeps each call proportional to its range, not to the rest of the paper.
  const window = text.slice(from, to)
  const headings: SectionHeading[] = []
  for (const match of window.matchAll(HEADING_ANYWHERE)) {
    const heading = toHeading(match)
    if (heading)
      headings.push({
        ...heading,
        start: heading.start + from,
        end: heading.end + from,
        titleStart: heading.titleStart + from,
      })
  }
  return headings
}

const ANSWER_SECTION = /答案[與与及和]解析[\s:：]*/g

/** The trailing 答案與解析 section: its title must be followed by a 一、 heading or end the text. */
export function findAnswerSection(text: string, from: number): { start: number; contentStart: number } | undefined {
  ANSWER_SECTION.lastIndex = from
  for (let match = ANSWER_SECTION.exec(text); match; match = ANSWER_SECTION.exec(text)) {
    const contentStart = match.index + match[0].length
    if (contentStart >= text.length || headingAt(text, contentStart)?.ordinal === 1)
      return { start: match.index, contentStart }
  }
  return undefined
}
