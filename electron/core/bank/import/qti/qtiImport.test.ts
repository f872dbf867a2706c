import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../../diagnostics'
import { loadBankText } from '../../loadBank'
import { bankToYaml } from '../../serialize'
import { importQti } from '.'
import { filesBeside } from './qtiAssets'

const fixtures = resolve(import.meta.dirname, '../../../../../test/fixtures/qti')
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8')
const importXml = (name: string) =>
  importQti(strToU8(fixture(name)), { file: name, durationMinutes: 30, filesBeside: filesBeside(fixtures) })
const firstItem = (name: string) => {
  const result = importXml(name)
  const item = result.bank?.sections[0]?.items[0]
  if (!item) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'))
  return { item, result }
}
const messages = (result: ReturnType<typeof importQti>): string[] => result.diagnostics.map(formatDiagnostic)

describe('QTI item import (single item files)', () => {
  it('QTI 3.0 single choice: choices lettered in order, key from the correct response, points from SCORE', () => {
    const { item, result } = firstItem('qti3-single.xml')
    expect(item).toEqual({
      id: 'capital-fr',
      type: 'single',
      stem: 'Which city is the *capital* of France?',
      points: 2,
      options: { A: 'Lyon', B: 'Paris', C: 'Nice' },
      key: 'B',
    })
    expect(result.bank?.sections[0]?.shuffle).toEqual({ items: false, options: true })
    expect(result.bank?.language).toBe('en')
  })

  it('QTI 2.1 single choice: the prompt is the stem; match_correct without normal-maximum is 1 point', () => {
    const { item } = firstItem('qti21-single.xml')
    expect(item).toMatchObject({
      type: 'single',
      stem: 'Which port does SSH listen on by default?',
      points: 1,
      key: 'B',
    })
    expect(item).toMatchObject({ options: { A: '21', B: '22', C: '80' } })
  })

  it("QTI 2.1 multiple choice: a mapping of the bank's own partial rule is read as partial, silently", () => {
    const { item, result } = firstItem('qti21-multiple.xml')
    expect(item).toMatchObject({ type: 'multiple', key: ['A', 'C'], points: 3, scoring: 'partial' })
    expect(result.diagnostics.filter((d) => d.message.includes('mapResponse'))).toEqual([])
  })

  it('other mapResponse weights: partial, points from the mapping, and a located warning naming what was simplified', () => {
    const { item, result } = firstItem('qti3-multiple-weighted.xml')
    expect(item).toMatchObject({
      type: 'multiple',
      stem: 'Which numbers are prime?',
      key: ['A', 'B'],
      points: 4,
      scoring: 'partial',
    })
    const line =
      fixture('qti3-multiple-weighted.xml')
        .split('\n')
        .findIndex((l) => l.includes('<qti-mapping')) + 1
    expect(messages(result)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^qti3-multiple-weighted\\.xml:${line}:\\d+: warning: item "primes": mapResponse weights \\(n2=2, n3=2, n4=-1\\) simplified`,
        ),
      ),
    )
  })

  it('extended text is a short answer; lists and emphasis become plain-text marks', () => {
    const { item } = firstItem('qti3-extended-text.xml')
    expect(item).toEqual({
      id: 'essay-1',
      type: 'short_answer',
      stem: 'A customer reports that the VPN is slow.\n\nDescribe what you check first:\n\n- on the **client**\n- on the server',
      points: 5,
    })
  })

  it('text entry is a short answer with a blank in the stem and the correct response as reference answer', () => {
    const { item } = firstItem('qti21-text-entry.xml')
    expect(item).toMatchObject({
      type: 'short_answer',
      stem: 'The IPv4 loopback address is ____.',
      reference_answer: '127.0.0.1',
      points: 1,
    })
  })

  it('an image and a table make a Markdown bank: the image beside it, the table a GFM table, MathML as $…$', () => {
    const { item, result } = firstItem('qti3-rich.xml')
    expect(result.bank?.text_format).toBe('markdown')
    expect(item.stem).toBe(
      'Look at the diagram:\n\n![two routers linked by a switch](assets/net.png)\n\n| Port | Service |\n| --- | --- |\n| 22 | SSH |\n\nSolve $x+1$ = 2.',
    )
    expect(result.assets.map((a) => a.path)).toEqual(['assets/net.png'])
    expect(Buffer.from(result.assets[0]?.bytes ?? []).equals(readFileSync(join(fixtures, 'images/net.png')))).toBe(true)
    expect(messages(result)).toEqual([])
  })

  it('an unsupported interaction is a located error naming it, and no bank', () => {
    const result = importXml('qti3-hotspot.xml')
    const line =
      fixture('qti3-hotspot.xml')
        .split('\n')
        .findIndex((l) => l.includes('<qti-hotspot-interaction')) + 1
    expect(result.bank).toBeUndefined()
    expect(messages(result)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^qti3-hotspot\\.xml:${line}:5: error: item "map-click": <qti-hotspot-interaction> is not supported`,
        ),
      ),
    )
  })

  it('every imported bank passes the validator', () => {
    for (const name of [
      'qti3-single.xml',
      'qti21-single.xml',
      'qti21-multiple.xml',
      'qti3-multiple-weighted.xml',
      'qti3-extended-text.xml',
      'qti21-text-entry.xml',
      'qti3-rich.xml',
    ]) {
      const { bank } = importXml(name)
      if (!bank) throw new Error(name)
      const loaded = loadBankText(bankToYaml(bank), 'bank.yaml')
      expect(
        loaded.diagnostics.filter((d) => d.severity === 'error'),
        name,
      ).toEqual([])
    }
  })

  it('warns about what it leaves out: feedback, extra correct choices of a single-choice item', () => {
    const xml = `<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="fb" title="t" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>a</value><value>b</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Pick</prompt>
      <simpleChoice identifier="a">A</simpleChoice><simpleChoice identifier="b">B</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="a" showHide="show">Well done</modalFeedback>
</assessmentItem>`
    const result = importQti(strToU8(xml), { file: 'fb.xml', durationMinutes: 5 })
    expect(result.bank?.sections[0]?.items[0]).toMatchObject({ type: 'single', key: 'A' })
    expect(messages(result)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^fb\.xml:2:3: warning: item "fb" is single choice but names 2 correct choices; only the first, A, is kept/,
        ),
        expect.stringMatching(/^fb\.xml:11:3: warning: item "fb": feedback \(<modalFeedback>\) is not imported/),
      ]),
    )
  })

  it('refuses a DOCTYPE, so no entity expansion can run (billion laughs)', () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<qti-assessment-item identifier="x"><qti-item-body><p>&lol2;</p></qti-item-body></qti-assessment-item>`
    const result = importQti(strToU8(laughs), { file: 'lol.xml' })
    expect(result.bank).toBeUndefined()
    expect(messages(result)).toContainEqual(expect.stringMatching(/^lol\.xml:2:1: error: a DOCTYPE is not accepted/))
  })

  it('reports XML that is not well-formed where it breaks', () => {
    const result = importQti(strToU8('<qti-assessment-item identifier="x">\n<qti-item-body>\n</qti-assessment-item>'), {
      file: 'bad.xml',
    })
    expect(messages(result)).toContainEqual(expect.stringMatching(/^bad\.xml:3:\d+: error: not well-formed XML/))
  })
})
