import { mathmlToTex } from './mathmlTex'
import { isElement, textContent } from './qtiXml'
import type { XmlElement, XmlNode } from './qtiXml'

/**
 * QTI item bodies are XHTML; bank text is plain text with Markdown-like marks. Paragraphs become blank-line
 * separated text, `<br/>` a line break, list items `- x` / `1. x`, emphasis `*x*` / `**x**`, inline code `` `x` ``;
 * `<pre>` keeps its text exactly. Images, tables and math keep a readable form (alt text, `a | b` rows, the
 * formula's text) with notices; a package with images, tables or simple formulas is read again as Markdown
 * (bodyMarkdown.ts).
 * The export writes text in a form this reads back unchanged (see qtiText.ts).
 */
export interface FlowNotice {
  offset: number
  message: string
  severity?: 'error'
  hint?: string
}
export interface FlowText {
  text: string
  notices: FlowNotice[]
}

/** What to do with an element the caller owns (interactions, feedback, rubric blocks): text to put there, or ''. */
export type ElementHook = (element: XmlElement) => string | undefined

// Control characters XML 1.0 cannot contain, so no parsed text can collide with them.
const PARAGRAPH = '\u0001'
const LINE = '\u0002'
const VERBATIM = '\u0003'
const CELL = '\u0004'

const PARAGRAPH_BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'nav',
  'address',
  'hr',
  'rubricBlock',
])
const LINE_BLOCKS = new Set(['li', 'dt', 'dd', 'tr', 'caption', 'figcaption'])
const EMPHASIS: Record<string, string> = { em: '*', i: '*', strong: '**', b: '**', code: '`', kbd: '`', samp: '`' }

/** Text the caller built (a prompt) placed as a paragraph of its own. */
export const asParagraph = (text: string): string => `${PARAGRAPH}${text}${PARAGRAPH}`

/** Collapses XML whitespace as a browser would outside `<pre>`. */
const collapse = (text: string): string => text.replace(/[ \t\n\r]+/g, ' ')

/**
 * How one import reads item bodies: as plain text (flowText), or as Markdown with images (bodyMarkdown.ts). `block`
 * places a text the caller read (a prompt) as a paragraph; `blank` is a text-entry gap in that form.
 */
export interface BodyReader {
  flow: (nodes: readonly XmlNode[], hook?: ElementHook) => FlowText
  block: (text: string) => string
  blank: string
  /** Why a text cannot be an option, which shows inline Markdown only; undefined when it can. */
  optionProblem?: (text: string) => string | undefined
}

/** The plain reader; `onRich` hears of each image, table or convertible formula, which only Markdown can carry. */
export const plainReader = (onRich?: () => void): BodyReader => ({
  flow: (nodes, hook) => flowText(nodes, hook, onRich),
  block: asParagraph,
  blank: '____',
})

export function flowText(
  nodes: readonly XmlNode[],
  hook: ElementHook = () => undefined,
  onRich: () => void = () => undefined,
): FlowText {
  const notices: FlowText['notices'] = []
  const verbatim: string[] = []
  const notice = (element: XmlElement, message: string): void => void notices.push({ offset: element.start, message })

  const walk = (node: XmlNode, listIndex?: { n: number; ordered: boolean }): string => {
    if (!isElement(node)) return collapse(node.text)
    const owned = hook(node)
    if (owned !== undefined) return owned
    const inner = (children = node.children): string => children.map((child) => walk(child)).join('')
    switch (node.name) {
      case 'br':
        return LINE
      case 'pre':
        verbatim.push(textContent(node))
        return `${PARAGRAPH}${VERBATIM}${verbatim.length - 1}${VERBATIM}${PARAGRAPH}`
      case 'img': {
        onRich()
        const alt = (node.attrs.alt ?? '').trim()
        notice(
          node,
          `an image (${node.attrs.src ?? 'no src'}) is not carried yet; ${alt ? `its alt text "${alt}" is kept` : 'it has no alt text, so nothing is kept'}`,
        )
        return alt ? `[${alt}]` : ''
      }
      case 'math': {
        if (mathmlToTex(node)) onRich()
        const annotation = node.children.find((c) => isElement(c) && c.name === 'semantics')
        const formula = collapse(textContent(annotation ?? node)).trim()
        notice(node, `a formula (MathML) is not carried yet; kept as the text "${formula}"`)
        return formula
      }
      case 'object':
      case 'video':
      case 'audio':
        notice(node, `<${node.tag}> media is not carried yet; left out`)
        return ''
      case 'ul':
      case 'ol': {
        const counter = { n: 0, ordered: node.name === 'ol' }
        return `${PARAGRAPH}${node.children.map((child) => walk(child, counter)).join('')}${PARAGRAPH}`
      }
      case 'li': {
        const index = listIndex ?? { n: 0, ordered: false }
        index.n++
        return `${LINE}${index.ordered ? `${index.n}. ` : '- '}${inner()}${LINE}`
      }
      case 'table':
        onRich()
        notice(node, 'a table is not carried yet; kept as rows of text with cells split by " | "')
        return `${PARAGRAPH}${inner()}${PARAGRAPH}`
      case 'td':
      case 'th':
        return `${CELL}${inner()}`
      default:
        break
    }
    const mark = EMPHASIS[node.name]
    if (mark !== undefined) {
      const text = inner()
      return text.trim() === '' ? text : `${mark}${text}${mark}`
    }
    if (PARAGRAPH_BLOCKS.has(node.name)) return `${PARAGRAPH}${inner()}${PARAGRAPH}`
    if (LINE_BLOCKS.has(node.name)) return `${LINE}${inner()}${LINE}`
    return inner()
  }

  const raw = nodes.map((node) => walk(node)).join('')
  const text = raw
    .split(PARAGRAPH)
    .map((paragraph) =>
      paragraph
        .split(LINE)
        .map((line) =>
          line
            .trim()
            .replace(new RegExp(`^${CELL}\\s*`), '')
            .replace(new RegExp(`\\s*${CELL}\\s*`, 'g'), ' | '),
        )
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n')
    .replace(new RegExp(`${VERBATIM}(\\d+)${VERBATIM}`, 'g'), (_, index: string) => verbatim[Number(index)] ?? '')
  return { text: text.trim(), notices }
}
