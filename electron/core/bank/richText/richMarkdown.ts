import hljs from 'highlight.js/lib/common'
import markdownIt from 'markdown-it'
import type { MarkdownIt, Token } from 'markdown-it'
import { mathPlugin } from './mathRules'

/**
 * The safe Markdown subset of `text_format: markdown` banks, rendered to HTML in the core at delivery time: emphasis,
 * lists, tables, fenced code (highlighted), `$…$` / `$$…$$` math and images. Raw HTML is off (it shows as text),
 * nothing becomes a live link (a kiosk must not navigate: a link renders as its text), and no style attribute is
 * written (the renderer's CSP drops them; table alignment becomes a class).
 */

/** Where an image path of the bank is served from; undefined when the station has no such asset. */
export type ImageSource = (path: string) => string | undefined

export interface RichRenderOptions {
  imageSource?: ImageSource
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

function highlight(code: string, language: string): string {
  if (!language || !hljs.getLanguage(language)) return ''
  return hljs.highlight(code, { language, ignoreIllegals: true }).value
}

const ALIGN = /^text-align:(left|right|center)$/

function createMarkdown(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: false, highlight })
  md.use(mathPlugin)
  md.disable(['reference'])
  // markdown-it aligns table cells with style="text-align:…"; a class does the same under the CSP.
  md.core.ruler.push('align_classes', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'th_open' && token.type !== 'td_open') continue
      const align = ALIGN.exec(String(token.attrGet('style') ?? ''))?.[1]
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style')
      if (align) token.attrJoin('class', `rich-align-${align}`)
    }
  })
  md.renderer.rules.link_open = () => '<span class="rich-link">'
  md.renderer.rules.link_close = () => '</span>'
  md.renderer.rules.table_open = () => '<div class="rich-table"><table>\n'
  md.renderer.rules.table_close = () => '</table></div>\n'
  md.renderer.rules.image = (tokens, idx, _options, env) => {
    const token = tokens[idx] as Token
    const alt = imageAlt(token)
    const src = (env as RenderEnv | undefined)?.imageSource?.(imageSrc(token))
    if (src === undefined) return `<span class="rich-image-missing">[${escapeHtml(alt)}]</span>`
    return `<img class="rich-image" src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`
  }
  return md
}

interface RenderEnv {
  imageSource?: ImageSource
}

const imageSrc = (token: Token): string => String(token.attrGet('src') ?? '')

/** An image's alt text: the plain text of its description, markup stripped. */
export function imageAlt(token: Token): string {
  return (token.children ?? [])
    .map((child) => (child.type === 'image' ? imageAlt(child) : child.content))
    .join('')
    .trim()
}

const markdown = createMarkdown()

/** Block Markdown (stems, case texts): paragraphs, lists, tables, code blocks, display math. */
export function renderRichBlock(source: string, options: RichRenderOptions = {}): string {
  return markdown.render(source, { imageSource: options.imageSource } satisfies RenderEnv)
}

/** Inline Markdown (option texts, which sit inside a label): emphasis, code, inline math and images only. */
export function renderRichInline(source: string, options: RichRenderOptions = {}): string {
  return markdown.renderInline(source, { imageSource: options.imageSource } satisfies RenderEnv)
}

/** Every image a text refers to, with its alt text, in order: for validation and packaging. */
export function imageReferences(source: string): { path: string; alt: string }[] {
  const found: { path: string; alt: string }[] = []
  const walk = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      if (token.type === 'image') found.push({ path: imageSrc(token), alt: imageAlt(token) })
      if (token.children) walk(token.children)
    }
  }
  walk(markdown.parse(source, {}))
  return found
}
