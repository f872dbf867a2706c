import katex from 'katex'
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it'

/**
 * `$…$` and `$$…$$` for markdown-it, typeset by KaTeX. KaTeX writes MathML only: its HTML half positions glyphs
 * with style attributes, which the renderer's CSP (style-src 'self') drops, so it would show broken formulas; the
 * MathML Chromium lays out natively and screen readers read. Untrusted TeX: trust off (no \href, \url, \htmlClass),
 * errors shown as text, and bounds on size and macro expansion so a bank cannot stall delivery.
 */
export function renderTex(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, {
    displayMode,
    output: 'mathml',
    throwOnError: false,
    trust: false,
    strict: 'ignore',
    maxSize: 50,
    maxExpand: 1000,
  })
}

const DOLLAR = 0x24

/** Inline `$x$` as Pandoc reads it: no space just inside the dollars and no digit right after, so "$5 and $6" is text. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src
  const start = state.pos
  if (src.charCodeAt(start) !== DOLLAR || src.charCodeAt(start + 1) === DOLLAR) return false
  let end = start + 1
  for (;;) {
    end = src.indexOf('$', end)
    if (end === -1 || end >= state.posMax) return false
    if (src.charCodeAt(end - 1) !== 0x5c) break
    end += 1
  }
  const content = src.slice(start + 1, end)
  if (content.length === 0 || /^\s|\s$/.test(content) || /\d/.test(src.charAt(end + 1))) return false
  if (!silent) {
    const token = state.push('math_inline', 'math', 0)
    token.content = content
    token.markup = '$'
  }
  state.pos = end + 1
  return true
}

/** A display formula: lines from one starting with `$$` to one ending with `$$`. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false
  const lineText = (line: number): string =>
    state.src.slice((state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0), state.eMarks[line]).trim()
  const first = lineText(startLine)
  if (!first.startsWith('$$')) return false
  let content: string
  let last = startLine
  if (first.length > 4 && first.endsWith('$$')) {
    content = first.slice(2, -2)
  } else {
    const lines = [first.slice(2)]
    for (;;) {
      last += 1
      if (last >= endLine) return false
      const text = lineText(last)
      if (text.endsWith('$$')) {
        lines.push(text.slice(0, -2))
        break
      }
      lines.push(text)
    }
    content = lines.join('\n')
  }
  if (silent) return true
  const token = state.push('math_block', 'math', 0)
  token.block = true
  token.content = content.trim()
  token.markup = '$$'
  token.map = [startLine, last + 1]
  state.line = last + 1
  return true
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after('escape', 'math_inline', mathInline)
  md.block.ruler.after('blockquote', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] })
  md.renderer.rules.math_inline = (tokens, idx) => renderTex(tokens[idx]?.content ?? '', false)
  md.renderer.rules.math_block = (tokens, idx) =>
    `<div class="rich-math">${renderTex(tokens[idx]?.content ?? '', true)}</div>\n`
}
