import { describe, expect, it } from 'vitest'
import { elementText, escapeHtml, html, jsonForScript } from './safeHtml'

describe('html', () => {
  it('escapes every interpolated string, in content and attributes', () => {
    const name = `<script>alert("x")</script> & 'quotes'`
    expect(html`<td title="${name}">${name}</td>`.html).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</td>',
    )
  })

  it('nests its own output unescaped, joins arrays, and drops null, undefined and false', () => {
    const cells = ['<a>', 'b'].map((text) => html`<td>${text}</td>`)
    expect(html`<tr>${cells}${null}${undefined}${false}${3}</tr>`.html).toBe('<tr><td>&lt;a&gt;</td><td>b</td>3</tr>')
  })

  it('escapes an object that only looks like its output', () => {
    const forged = { html: '<b>bold</b>' } as unknown as ReturnType<typeof html>
    expect(html`${forged}`.html).toBe('[object Object]')
  })

  it('escapeHtml leaves ordinary and CJK text alone', () => {
    expect(escapeHtml('王小明 passed 100%')).toBe('王小明 passed 100%')
  })
})

describe('script and style content', () => {
  it('JSON for a script block cannot end the element and reads back the same', () => {
    const value = { name: '</script><script>alert(1)</script>', comment: '<!-- x -->', amp: 'a&b', ls: '\u2028' }
    const text = jsonForScript(value)
    expect(text).not.toMatch(/[<>&\u2028]/)
    expect(JSON.parse(text)).toEqual(value)
  })

  it('refuses text that would end the inline element or open a comment', () => {
    expect(() => elementText('a = "</SCRIPT>"', 'script')).toThrow(RangeError)
    expect(() => elementText('/* <!-- */', 'script')).toThrow(RangeError)
    expect(() => elementText('a::after { content: "</style>" }', 'style')).toThrow(RangeError)
    expect(elementText('if (a < b) c()', 'script').html).toBe('if (a < b) c()')
  })
})
