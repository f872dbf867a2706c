import type { BodyReader, ElementHook, FlowNotice, FlowText } from './bodyText'
import { mathmlToTex } from './mathmlTex'
import { childElements, isElement, textContent } from './qtiXml'
import type { XmlElement, XmlNode } from './qtiXml'

/**
 * QTI item bodies as the bank's Markdown subset, for bodies holding what plain text cannot carry (tables, images):
 * paragraphs, hard line breaks, emphasis, inline code, lists, fenced code for `<pre>`, GFM pipe tables and images.
 * Every piece of text is escaped so it reads back as the same text: a literal `*`, `$`, `|` or a leading `#` never
 * becomes markup or math. Simple MathML becomes `$…$` math (mathmlTex.ts); other MathML keeps its text, with a notice.
 */

/** Where an `<img>` goes: the Markdown for it (`![alt](path)`), or '' when it cannot be carried (noticed there). */
export type ImageSink = (element: XmlElement, notice: (notice: FlowNotice) => void) => string

// Control characters XML 1.0 cannot contain, so no parsed text can collide with them.
const PARAGRAPH = '\u0001'
const LINE = '\u0002'
const VERBATIM = '\u0003'

const BLOCKS = new Set(
  'p div h1 h2 h3 h4 h5 h6 blockquote dl figure section article aside header footer nav address hr rubricBlock li dt dd caption figcaption'.split(
    ' ',
  ),
)
const EMPHASIS: Record<string, string> = { em: '*', i: '*', strong: '**', b: '**' }
const CODE = new Set(['code', 'kbd', 'samp'])

/** Text as Markdown that renders as exactly this text: every mark, math and table character escaped. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>$|~&]/g, (c) => `\\${c}`)

/** A line starting with what would open a heading, list, quote or rule gets that character escaped. */
const escapeLineStart = (line: string): string =>
  line.replace(/^([#+=-])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2')

const collapse = (text: string): string => text.replace(/[ \t\n\r]+/g, ' ')

/** A code span whose fence is longer than any run of backticks inside it. */
function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${code}${pad}${fence}`
}

function codeBlock(code: string): string {
  const longest = Math.max(2, ...(code.match(/`{3,}/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}\n${code.replace(/\n$/, '')}\n${fence}`
}

export function markdownReader(image: ImageSink): BodyReader {
  // Texts the caller places (prompts) are kept aside as written and put back when the flow holding them is done.
  const placed: string[] = []
  const placedMark = new RegExp(`${VERBATIM}p(\\d+)${VERBATIM}`, 'g')
  return {
    flow: (nodes, hook) => {
      const flow = markdownFlow(nodes, hook ?? (() => undefined), image)
      return { ...flow, text: flow.text.replace(placedMark, (_, i: string) => placed[Number(i)] ?? '') }
    },
    block: (text) => {
      placed.push(text)
      return `${PARAGRAPH}${VERBATIM}p${placed.length - 1}${VERBATIM}${PARAGRAPH}`
    },
    blank: '\\_\\_\\_\\_',
    optionProblem: (text) =>
      text.includes('\n')
        ? 'holds blocks (a table, list, code block or several paragraphs); an option shows one line, so they show as text'
        : undefined,
  }
}

function markdownFlow(nodes: readonly XmlNode[], hook: ElementHook, image: ImageSink): FlowText {
  const notices: FlowNotice[] = []
  const verbatim: string[] = []
  const notice = (n: FlowNotice): void => void notices.push(n)
  const keep = (block: string): string => {
    verbatim.push(block)
    return `${PARAGRAPH}${VERBATIM}${verbatim.length - 1}${VERBATIM}${PARAGRAPH}`
  }
  const render = (children: readonly XmlNode[]): string => assemble(children.map(walk).join(''), verbatim)

  function walk(node: XmlNode, index = 0, siblings: readonly XmlNode[] = []): string {
    if (!isElement(node)) return escapeMarkdown(collapse(node.text))
    const owned = hook(node)
    if (owned !== undefined) return owned
    const inner = (): string => node.children.map((child, i, all) => walk(child, i, all)).join('')
    switch (node.name) {
      case 'br':
        return LINE
      case 'pre':
        return keep(codeBlock(textContent(node)))
      case 'img':
        return image(node, notice)
      case 'math': {
        const math = mathmlToTex(node)
        const next = siblings[index + 1]
        // Inline `$…$` right before a digit reads as money ("$5"), so such a formula stays text.
        const digitNext = next !== undefined && !isElement(next) && /^\d/.test(next.text)
        if (math?.display) return keep(`$$${math.tex.replace(/\s+/g, ' ')}$$`)
        if (math && !digitNext) return `$${math.tex.replace(/\s+/g, ' ')}$`
        const semantics = node.children.find((c) => isElement(c) && c.name === 'semantics')
        const formula = collapse(textContent(semantics ?? node)).trim()
        notice({ offset: node.start, message: `a formula (MathML) is not carried yet; kept as the text "${formula}"` })
        return escapeMarkdown(formula)
      }
      case 'object':
      case 'video':
      case 'audio':
        notice({ offset: node.start, message: `<${node.tag}> media is not carried yet; left out` })
        return ''
      case 'ul':
      case 'ol':
        return keep(list(node))
      case 'table':
        return keep(table(node))
      default:
        break
    }
    if (CODE.has(node.name)) {
      const code = collapse(textContent(node))
      return code.trim() === '' ? code : codeSpan(code)
    }
    const mark = EMPHASIS[node.name]
    if (mark !== undefined) {
      const text = inner()
      const core = text.trim()
      if (core === '') return text
      return `${text.startsWith(' ') ? ' ' : ''}${mark}${core}${mark}${text.endsWith(' ') ? ' ' : ''}`
    }
    if (BLOCKS.has(node.name)) return `${PARAGRAPH}${inner()}${PARAGRAPH}`
    return inner()
  }

  function list(element: XmlElement): string {
    const ordered = element.name === 'ol'
    return childElements(element, 'li')
      .map((li, index) => {
        const marker = ordered ? `${index + 1}. ` : '- '
        const body = render(li.children)
        return (
          marker +
          body
            .split('\n')
            .join(`\n${' '.repeat(marker.length)}`)
            .replace(/\n +\n/g, '\n\n')
        )
      })
      .join('\n')
  }

  function table(element: XmlElement): string {
    const groups = childElements(element).filter((e) => /^(thead|tbody|tfoot)$/.test(e.name))
    const all = [...childElements(element, 'tr'), ...groups.flatMap((g) => childElements(g, 'tr'))]
    const head = groups.find((g) => g.name === 'thead')
    const ordered = head ? [...childElements(head, 'tr'), ...all.filter((r) => !head.children.includes(r))] : all
    const cells = ordered.map((row) =>
      childElements(row)
        .filter((c) => c.name === 'td' || c.name === 'th')
        .map((cell) => {
          if (cell.attrs.colspan || cell.attrs.rowspan)
            notice({ offset: cell.start, message: 'a merged table cell is not carried; it is written as one cell' })
          // A pipe inside a code span would still end the cell: GFM reads `\|` there as the pipe itself.
          const text = render(cell.children).replace(/(?<!\\)\|/g, '\\|')
          if (!/\n/.test(text)) return text
          notice({
            offset: cell.start,
            message: 'a table cell holds several blocks (paragraphs, lists or code); its text is put on one line',
          })
          return text.replace(/\\\n/g, ' ').replace(/\n+/g, ' ')
        }),
    )
    const width = Math.max(1, ...cells.map((row) => row.length))
    const line = (row: string[]): string =>
      `| ${Array.from({ length: width }, (_, i) => row[i] || ' ').join(' | ')} |`.replace(/ {2,}\|/g, ' |')
    const [first = [], ...rest] = cells
    const rows = [line(first), `|${' --- |'.repeat(width)}`, ...rest.map(line)].join('\n')
    // A caption has no place in a pipe table: it becomes the paragraph above it.
    const caption = childElements(element, 'caption')[0]
    const title = caption ? render(caption.children) : ''
    return title ? `${title}\n\n${rows}` : rows
  }

  return { text: render(nodes), notices }
}

/** Joins walked text: paragraphs blank-line separated, `<br/>` as a Markdown hard break, kept blocks as written. */
function assemble(raw: string, verbatim: readonly string[]): string {
  return raw
    .split(PARAGRAPH)
    .map((paragraph) =>
      paragraph
        .split(LINE)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .map((line) => (line.startsWith(VERBATIM) ? line : escapeLineStart(line)))
        .join('\\\n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n')
    .replace(new RegExp(`${VERBATIM}(\\d+)${VERBATIM}`, 'g'), (_, index: string) => verbatim[Number(index)] ?? '')
    .trim()
}
