import { findHeadings } from './headings'
import { identityMapped, keepRanges, originOf } from './mappedText'
import type { MappedText, Span } from './mappedText'

// Tone-marked vowels (and the rare toned n/m): a parenthesised word needs one of these to count as pinyin, so
// ordinary bracketed words such as (VIP) or (如郵件) are never touched.
const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ'
const PINYIN_LETTER = `[a-zü${TONED}]`
const PINYIN_ANNOTATION = new RegExp(`[(（]${PINYIN_LETTER}*[${TONED}]${PINYIN_LETTER}*[)）]`, 'g')

/** The input without the site's pinyin annotations: 業(yè) -> 業, 發(fā) -> 發. */
export function removePinyin(input: string): MappedText {
  const kept: Span[] = []
  let from = 0
  for (const match of input.matchAll(PINYIN_ANNOTATION)) {
    kept.push({ start: from, end: match.index })
    from = match.index + match[0].length
  }
  kept.push({ start: from, end: input.length })
  return keepRanges(identityMapped(input), kept)
}

// Lines the document site wraps around a paper. The paper ends at the first end marker.
const END_MARKER = /^(?:溫馨提示|温馨提示|最新文檔|最新文档|相關文檔|相关文档|評論|评论|提交評論|提交评论)$/
const BOILERPLATE: readonly RegExp[] = [
  /_第\d+[頁页]$/, // page list: 2026年…試題_第1頁
  /^已[閱阅][讀读]\d+[頁页]/, // 已閱讀5頁,還剩10頁未讀
  /^付[費费]下[載载]$/,
  /^下[載载]本文[檔档]$/,
  /^版[權权][說说]明[:：]/,
  /^文[檔档][簡简]介$/,
]

export const isBoilerplate = (line: string): boolean => BOILERPLATE.some((pattern) => pattern.test(line.trim()))

interface Line extends Span {
  text: string
}

function linesOf(text: string): Line[] {
  const lines: Line[] = []
  let start = 0
  for (const line of text.split('\n')) {
    lines.push({ start, end: start + line.length, text: line })
    start += line.length + 1
  }
  return lines
}

export interface PaperBody {
  /** From the first section heading to the end of the paper, boilerplate lines left out. Starts with the heading. */
  body: MappedText
  /** The paper's title as printed: before the first heading on its line, or the nearest earlier line. */
  title?: { text: string; offset: number }
}

/** Cuts the paper out of the page it was saved from; undefined when no line holds a 一、 heading. */
export function findPaperBody(mapped: MappedText): PaperBody | undefined {
  const lines = linesOf(mapped.text)
  const headingLine = lines.findIndex((line) =>
    findHeadings(mapped.text, line.start, line.end).some((h) => h.ordinal === 1),
  )
  const first = lines[headingLine]
  if (!first) return undefined
  const heading = findHeadings(mapped.text, first.start, first.end).find((h) => h.ordinal === 1)
  const bodyStart = heading?.start ?? first.start

  const kept: Span[] = []
  for (const line of lines.slice(headingLine)) {
    if (line !== first && END_MARKER.test(line.text.trim())) break
    if (line !== first && isBoilerplate(line.text)) continue
    kept.push({ start: line === first ? bodyStart : line.start, end: Math.min(line.end + 1, mapped.text.length) })
  }

  const title = titleBefore(mapped, lines.slice(0, headingLine), { start: first.start, end: bodyStart })
  return { body: keepRanges(mapped, kept), ...(title ? { title } : {}) }
}

function titleBefore(mapped: MappedText, earlier: readonly Line[], sameLine: Span): PaperBody['title'] {
  const candidates = [sameLine, ...earlier.slice().reverse()]
  for (const span of candidates) {
    const raw = mapped.text.slice(span.start, span.end)
    const text = raw.trim()
    if (text && !isBoilerplate(text)) return { text, offset: originOf(mapped, span.start + raw.indexOf(text)) }
  }
  return undefined
}
