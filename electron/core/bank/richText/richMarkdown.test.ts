import { describe, expect, it } from 'vitest'
import { imageReferences, renderRichBlock, renderRichInline } from './richMarkdown'

const served = (path: string): string | undefined => (path === 'images/net.png' ? '/exam-assets/abc123' : undefined)

describe('the Markdown subset of markdown banks', () => {
  it('renders emphasis, lists and tables, with alignment as classes rather than style attributes', () => {
    const html = renderRichBlock('**bold** *em*\n\n1. one\n2. two\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n')
    expect(html).toContain('<strong>bold</strong> <em>em</em>')
    expect(html).toContain('<ol>\n<li>one</li>')
    expect(html).toContain('<div class="rich-table"><table>')
    expect(html).toContain('<th class="rich-align-left">a</th>')
    expect(html).toContain('<td class="rich-align-right">2</td>')
    expect(html).not.toContain('style=')
  })

  it('highlights fenced code of a known language and escapes code of an unknown one', () => {
    const python = renderRichBlock('```python\ndef f(x): return x < 1\n```\n')
    expect(python).toContain('<pre><code class="language-python"><span class="hljs-keyword">def</span>')
    expect(python).toContain('&lt; <span class="hljs-number">1</span>')
    const unknown = renderRichBlock('```nolang\n<b>x</b>\n```\n')
    expect(unknown).toContain('&lt;b&gt;x&lt;/b&gt;')
  })

  it('typesets $inline$ and $$display$$ math as MathML, leaving prices as text', () => {
    const html = renderRichBlock('Area $\\pi r^2$ costs $5 and $6.\n\n$$\n\\frac{a}{b}\n$$\n')
    expect(html).toMatch(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"><semantics><mrow><mi>π<\/mi>/)
    expect(html).toContain('costs $5 and $6.')
    expect(html).toContain('<div class="rich-math"><span class="katex"><math')
    expect(html).toContain('display="block"')
    expect(html).toContain('<mfrac>')
  })

  it('renders option texts inline, with no paragraph around them', () => {
    expect(renderRichInline('`12` and $x$')).toMatch(/^<code>12<\/code> and <span class="katex">/)
  })

  it('shows an image only where the station serves it, else its alt text', () => {
    const html = renderRichBlock('![the network](images/net.png) ![gone](images/gone.png)', { imageSource: served })
    expect(html).toContain('<img class="rich-image" src="/exam-assets/abc123" alt="the network">')
    expect(html).toContain('<span class="rich-image-missing">[gone]</span>')
    expect(imageReferences('![a *b*](x.png)\n\n| ![](y.svg) |\n|--|\n')).toEqual([
      { path: 'x.png', alt: 'a b' },
      { path: 'y.svg', alt: '' },
    ])
  })
})

const SUBSET_TAGS = new Set([
  'p',
  'span',
  'code',
  'pre',
  'img',
  'math',
  'semantics',
  'mrow',
  'mtext',
  'mstyle',
  'mi',
  'mo',
  'mn',
  'annotation',
])

const SUBSET_ATTRIBUTES = new Set(['class', 'alt', 'src', 'xmlns', 'encoding', 'mathcolor', 'display'])

/**
 * The start tags of the renderer's output and their attributes, read as a browser would: text is escaped, so every
 * "<" opens a tag, and a tag whose attributes do not all parse as name="value" is reported whole, never skipped.
 */
function elementsOf(html: string): { tag: string; attributes: Map<string, string> }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map(([, tag = '', rest = '']) => {
    const attributes = new Map<string, string>()
    const leftover = rest.replace(/\s([^\s=>"]+)="([^"]*)"/g, (_all, name: string, value: string) => {
      attributes.set(name.toLowerCase(), value)
      return ''
    })
    if (leftover.trim() !== '') attributes.set(`unparsed:${leftover}`, '')
    return { tag: tag.toLowerCase(), attributes }
  })
}

describe('hostile bank text stays inert', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(https://evil.example)">x</div>',
    '[click](javascript:alert(1))',
    '[click](https://evil.example)',
    '<https://evil.example>',
    '![x](javascript:alert(1))',
    '![x" onerror="alert(1)](images/net.png)',
    '$\\href{javascript:alert(1)}{click}$',
    '$\\url{https://evil.example}$',
    '$\\htmlStyle{color:red}{x}$',
    '$\\includegraphics{https://evil.example/x.png}$',
    '```js" onload="alert(1)\nx\n```',
  ]

  it.each(attacks)('%s', (attack) => {
    const html = renderRichBlock(attack, { imageSource: served }) + renderRichInline(attack, { imageSource: served })
    // Parsed as a browser would: no element but the subset's, no handler, no link, no style, no URL but a served asset.
    const elements = elementsOf(html)
    expect(elements.filter((element) => !SUBSET_TAGS.has(element.tag))).toEqual([])
    const attributes = elements.flatMap((element) => [...element.attributes.keys()])
    expect(attributes.filter((name) => !SUBSET_ATTRIBUTES.has(name))).toEqual([])
    for (const image of elements.filter((element) => element.tag === 'img'))
      expect(image.attributes.get('src')).toBe('/exam-assets/abc123')
  })

  it('writes raw HTML as text', () => {
    expect(renderRichBlock('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n')
  })

  it('keeps a link as its text, with no live target', () => {
    expect(renderRichInline('[the docs](https://evil.example)')).toBe('<span class="rich-link">the docs</span>')
  })
})
