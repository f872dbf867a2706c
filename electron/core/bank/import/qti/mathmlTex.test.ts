import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../../diagnostics'
import { renderRichBlock } from '../../richText/richMarkdown'
import { importQti } from '.'
import { mathmlToTex } from './mathmlTex'
import { parseXml } from './qtiXml'
import type { XmlElement } from './qtiXml'

const M = 'xmlns="http://www.w3.org/1998/Math/MathML"'
const math = (xml: string): XmlElement => {
  const parsed = parseXml(xml)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.root
}

describe('simple MathML as TeX', () => {
  it('converts tokens, rows, scripts, fractions and roots', () => {
    expect(mathmlToTex(math(`<math ${M}><mfrac><mn>1</mn><mi>x</mi></mfrac></math>`))).toEqual({
      tex: '\\frac{1}{x}',
      display: false,
    })
    expect(mathmlToTex(math(`<math ${M}><msup><mn>2</mn><mn>10</mn></msup><mo>−</mo><mn>2</mn></math>`))?.tex).toBe(
      '{2}^{10}-2',
    )
    expect(
      mathmlToTex(math(`<math ${M} display="block"><mi>α</mi><mo>×</mo><msqrt><mi>x</mi></msqrt></math>`)),
    ).toEqual({ tex: '\\alpha \\times \\sqrt{x}', display: true })
    expect(mathmlToTex(math(`<math ${M}><mi>sin</mi><mi>θ</mi><mo>≤</mo><mn>1</mn></math>`))?.tex).toBe(
      '\\sin \\theta \\le 1',
    )
  })

  it('takes the TeX annotation an authoring tool wrote', () => {
    const xml = `<math ${M}><semantics><mrow><mi>E</mi></mrow><annotation encoding="application/x-tex">E = mc^2</annotation></semantics></math>`
    expect(mathmlToTex(math(xml))?.tex).toBe('E = mc^2')
    // One that would end the $…$ early is not taken; the MathML itself is converted instead.
    expect(mathmlToTex(math(xml.replace('E = mc^2', 'E$ = 1')))?.tex).toBe('E')
    expect(mathmlToTex(math(xml.replace('E = mc^2', 'E \\')))?.tex).toBe('E')
  })

  it('leaves what it does not know to the caller: tables, unknown symbols, text beside elements', () => {
    expect(mathmlToTex(math(`<math ${M}><mtable><mtr><mtd><mn>1</mn></mtd></mtr></mtable></math>`))).toBeUndefined()
    expect(mathmlToTex(math(`<math ${M}><mo>∮</mo><mi>f</mi></math>`))).toBeUndefined()
    expect(mathmlToTex(math(`<math ${M}><mrow>x<mi>y</mi></mrow></math>`))).toBeUndefined()
    expect(mathmlToTex(math(`<math ${M}><mtext>50%</mtext></math>`))).toBeUndefined()
  })
})

describe('MathML in a Markdown bank', () => {
  const item = (
    body: string,
  ): string => `<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="m" title="m" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
  <qti-item-body>
    <table><tr><td>n</td></tr></table>
${body}
    <qti-extended-text-interaction response-identifier="RESPONSE"/>
  </qti-item-body>
</qti-assessment-item>`
  const manifest = `<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="p"><resources>
<resource identifier="R" type="imsqti_item_xmlv3p0" href="m.xml"><file href="m.xml"/></resource></resources></manifest>`
  const imported = (body: string) =>
    importQti(zipSync({ 'imsmanifest.xml': strToU8(manifest), 'm.xml': strToU8(item(body)) }), {
      file: 'm.zip',
      durationMinutes: 10,
    })

  it('a body whose only rich content is a simple formula makes a Markdown bank too; an unconvertible one does not', () => {
    const alone = (body: string) =>
      importQti(strToU8(item(body).replace('<table><tr><td>n</td></tr></table>', '')), {
        file: 'm.xml',
        durationMinutes: 10,
      })
    const simple = alone(`<p>Solve <math ${M}><mi>x</mi><mo>+</mo><mn>1</mn></math> = 2 * 3.</p>`)
    expect(simple.bank?.text_format).toBe('markdown')
    expect(simple.bank?.sections[0]?.items[0]?.stem).toBe('Solve $x+1$ = 2 \\* 3.')
    const table = alone(`<p>Solve <math ${M}><mtable><mtr><mtd><mi>x</mi></mtd></mtr></mtable></math> = 2 * 3.</p>`)
    expect(table.bank?.text_format).toBeUndefined()
    expect(table.bank?.sections[0]?.items[0]?.stem).toBe('Solve x = 2 * 3.')
  })

  it('simple formulas become $…$ math that renders as MathML, with no notice', () => {
    const result = imported(
      `<p>Hosts: <math ${M}><msup><mn>2</mn><mi>n</mi></msup><mo>-</mo><mn>2</mn></math> for <math ${M}><mi>n</mi></math> bits.</p>`,
    )
    const stem = result.bank?.sections[0]?.items[0]?.stem ?? ''
    expect(stem).toContain('Hosts: ${2}^{n}-2$ for $n$ bits.')
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([expect.stringContaining('states no points')])
    const html = renderRichBlock(stem)
    expect(html).toContain('<msup><mn>2</mn><mi>n</mi></msup>')
  })

  it('a formula right before a digit, or one it cannot convert, keeps its text with a located notice', () => {
    const result = imported(
      `<p><math ${M}><mi>x</mi></math>5 and <math ${M}><mtable><mtr><mtd><mi>a</mi></mtd></mtr></mtable></math></p>`,
    )
    expect(result.bank?.sections[0]?.items[0]?.stem).toContain('x5 and a')
    const notices = result.diagnostics.map(formatDiagnostic).filter((m) => m.includes('MathML'))
    expect(notices).toEqual([
      expect.stringMatching(
        /^m\.zip!\/m\.xml:5:\d+: warning: a formula \(MathML\) is not carried yet; kept as the text "x"/,
      ),
      expect.stringMatching(
        /^m\.zip!\/m\.xml:5:\d+: warning: a formula \(MathML\) is not carried yet; kept as the text "a"/,
      ),
    ])
  })
})
