import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../diagnostics'
import { importGift } from '../gift'
import { decodeEntities, htmlToPlainText } from './htmlText'

const importText = (text: string) => importGift(text, { file: 'moodle.gift', durationMinutes: 30 })
const located = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => [d.severity, `${d.file}:${d.line}:${d.column}`, d.message])

describe('htmlToPlainText', () => {
  it('keeps paragraphs and line breaks as lines, decodes entities, and names nothing for p, br, span and div', () => {
    expect(htmlToPlainText('<p dir="ltr" style="text-align: left;">Fish &amp; chips</p>\n<p>cost £5</p>')).toEqual({
      text: 'Fish & chips\n\ncost £5',
      dropped: [],
    })
    expect(htmlToPlainText('<div><span lang="en">one<br/>two</span></div><div>three</div>')).toEqual({
      text: 'one\ntwo\nthree',
      dropped: [],
    })
    // Source whitespace, line breaks included, is one space, as a browser shows it; U+3000 is text.
    expect(htmlToPlainText('  a\n   b\t c  ').text).toBe('a b c')
    expect(htmlToPlainText('<p>第一題\u3000\u3000甲</p>').text).toBe('第一題\u3000\u3000甲')
  })

  it('names the formatting it drops, keeping the text inside it', () => {
    const html =
      '<p>Is <b>this</b> <i>cheap</i>? See <a href="x">the list</a>.</p>' +
      '<ul><li>one</li><li>two</li></ul><img src="map.png" alt="map"><table><tr><td>1</td><td>2</td></tr></table>' +
      'H<sub>2</sub>O<style>p { color: red }</style><!-- note -->'
    expect(htmlToPlainText(html)).toEqual({
      text: 'Is this cheap? See the list.\n\none\ntwo\n\n1 2\n\nH2O',
      dropped: ['style', 'b', 'i', 'a', 'ul', 'li', 'img', 'table', 'tr', 'td', 'sub'],
    })
  })

  it('decodes named and numeric entities once, keeping unknown or invalid ones as written', () => {
    expect(decodeEntities('&lt;b&gt; &quot;x&quot; &#39;y&#39; &#x4E2D;&#25991; &nbsp;&ndash;&hellip;')).toBe(
      '<b> "x" \'y\' 中文 \u00a0–…',
    )
    expect(decodeEntities('&amp;lt; &bogus; &#0; &#xD800; &#1114112; & ;')).toBe(
      '&lt; &bogus; &#0; &#xD800; &#1114112; & ;',
    )
    // An escaped tag is text, not formatting.
    expect(htmlToPlainText('&lt;b&gt;bold&lt;/b&gt;')).toEqual({ text: '<b>bold</b>', dropped: [] })
  })
  it('stays linear on unclosed tags and comments', () => {
    const started = Date.now()
    for (const html of ['<a'.repeat(50000), '<!--'.repeat(50000), '<style'.repeat(50000), '&#'.repeat(50000)])
      expect(typeof htmlToPlainText(html).text).toBe('string')
    expect(Date.now() - started).toBeLessThan(2000)
  })
})

describe('importGift: text formats', () => {
  it('reads a question as Moodle exports it ([html] on the question text, inherited by answers and feedback)', () => {
    const exported = [
      '// question: 12  name: Chips',
      '::Chips::[html]<p dir\\="ltr" style\\="text-align\\: left;">Fish &amp; chips cost £5.<br>Is that cheap?</p>{',
      '\t=<p>Yes</p>#<p>Right &mdash; it is.</p>',
      '\t~<p>No</p>',
      '\t####<p>Prices vary.</p>',
      '}',
    ].join('\n')
    const result = importText(exported)
    expect(result.diagnostics).toEqual([])
    expect(result.bank?.sections[0]?.items[0]).toEqual({
      id: 'q1',
      type: 'single',
      stem: 'Fish & chips cost £5.\nIs that cheap?',
      points: 1,
      notes: 'GIFT title: Chips',
      options: { A: 'Yes', B: 'No' },
      key: 'A',
      explanation: 'Prices vary.\n\nA: Right — it is.',
    })
  })

  it('warns, located, naming the formatting [html] text lost, once per question', () => {
    const result = importText(
      'Plain first. {T}\n\n::Q::[html]<p>Is <b>this</b> right?</p> {\n=<p>Yes</p>\n~<i>No</i>\n}\n\nAlso {=[html]<u>a</u> ~b}',
    )
    expect(result.bank?.sections[0]?.items.map((item) => item.stem)).toEqual(['Plain first.', 'Is this right?', 'Also'])
    expect(located(result.diagnostics)).toEqual([
      ['warning', 'moodle.gift:3:6', '[html] text is imported as plain text; formatting dropped: <b>, <i>'],
      // An answer may name its own format; the warning points at it.
      ['warning', 'moodle.gift:8:8', '[html] text is imported as plain text; formatting dropped: <u>'],
    ])
    expect(result.diagnostics.every((d) => d.hint?.includes('plain text'))).toBe(true)
  })

  it('keeps [markdown] text as typed and warns once, at the marker, that it shows as typed', () => {
    const result = importText('Intro? {T}\n\n::M:: [markdown]Is **this** bold? {=*yes* ~no#**no**}')
    expect(result.bank?.sections[0]?.items[1]).toMatchObject({
      stem: 'Is **this** bold?',
      options: { A: '*yes*', B: 'no' },
      explanation: 'B: **no**',
    })
    expect(located(result.diagnostics)).toEqual([
      ['warning', 'moodle.gift:3:7', expect.stringContaining('[markdown] text is imported as typed')],
    ])
  })

  it('reads [plain] and [moodle] as plain text with GIFT escapes, markup and all, without a warning', () => {
    const result = importText('[plain]a \\= b <b>x</b> {T}\n\n[moodle]Line one\\nline two &amp; more {F}')
    expect(result.diagnostics).toEqual([])
    expect(result.bank?.sections[0]?.items.map((item) => item.stem)).toEqual([
      'a = b <b>x</b>',
      'Line one\nline two &amp; more',
    ])
  })
})
