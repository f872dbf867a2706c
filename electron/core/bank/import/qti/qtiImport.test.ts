import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../../diagnostics'
import { loadBankText } from '../../loadBank'
import { bankToYaml } from '../../serialize'
import { importQti } from '.'

const fixtures = resolve(import.meta.dirname, '../../../../../test/fixtures/qti')
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8')
const importXml = (name: string) => importQti(strToU8(fixture(name)), { file: name, durationMinutes: 30 })
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

  it('images, tables and formulas keep a readable text form, each with a located warning', () => {
    const { item, result } = firstItem('qti3-rich.xml')
    expect(item.stem).toBe(
      'Look at the diagram:\n\n[two routers linked by a switch]\n\nPort | Service\n22 | SSH\n\nSolve x+1 = 2.',
    )
    const text = fixture('qti3-rich.xml').split('\n')
    const lineOf = (needle: string): number => text.findIndex((l) => l.includes(needle)) + 1
    const warnings = messages(result).filter((m) => m.includes('warning: a') || m.includes('warning: an'))
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^qti3-rich\\.xml:${lineOf('<img')}:\\d+: warning: an image \\(images/net\\.png\\) is not carried yet`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^qti3-rich\\.xml:${lineOf('<table')}:\\d+: warning: a table is not carried yet`),
      ),
      expect.stringMatching(
        new RegExp(`^qti3-rich\\.xml:${lineOf('<math')}:\\d+: warning: a formula \\(MathML\\) is not carried yet`),
      ),
    ])
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

const manifest21 = (resources: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="pkg-21">
  <resources>
${resources}
  </resources>
</manifest>`
const resource21 = (id: string, href: string): string =>
  `    <resource identifier="${id}" type="imsqti_item_xmlv2p1" href="${href}"><file href="${href}"/></resource>`

describe('QTI content packages', () => {
  it('a QTI 2.1 package with two items, in manifest order, files in a folder', () => {
    const zip = zipSync({
      'imsmanifest.xml': strToU8(
        manifest21([resource21('r2', 'items/udp.xml'), resource21('r1', 'items/ssh.xml')].join('\n')),
      ),
      'items/ssh.xml': strToU8(fixture('qti21-single.xml')),
      'items/udp.xml': strToU8(fixture('qti21-multiple.xml')),
    })
    const result = importQti(zip, { file: 'pkg.zip', durationMinutes: 20 })
    expect(result.bank?.sections.map((s) => s.items.map((i) => i.id))).toEqual([['udp', 'ports-ssh']])
  })

  it('follows the assessment test for sections and order', () => {
    const test = `<qti-assessment-test xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="net-quiz" title="Network quiz">
  <qti-time-limits max-time="1800"/>
  <qti-test-part identifier="p" navigation-mode="linear" submission-mode="individual">
    <qti-assessment-section identifier="choice" title="Choice" visible="true">
      <qti-assessment-item-ref identifier="b" href="b.xml"/>
    </qti-assessment-section>
    <qti-assessment-section identifier="written" title="Written" visible="true">
      <qti-ordering shuffle="true"/>
      <qti-assessment-item-ref identifier="a" href="a.xml"/>
    </qti-assessment-section>
  </qti-test-part>
</qti-assessment-test>`
    const manifest = `<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="m"><resources>
<resource identifier="ra" type="imsqti_item_xmlv3p0" href="a.xml"><file href="a.xml"/></resource>
<resource identifier="rb" type="imsqti_item_xmlv3p0" href="b.xml"><file href="b.xml"/></resource>
<resource identifier="rt" type="imsqti_test_xmlv3p0" href="test.xml"><file href="test.xml"/></resource>
</resources></manifest>`
    const zip = zipSync({
      'imsmanifest.xml': strToU8(manifest),
      'test.xml': strToU8(test),
      'a.xml': strToU8(fixture('qti3-extended-text.xml')),
      'b.xml': strToU8(fixture('qti3-single.xml')),
    })
    const { bank, diagnostics } = importQti(zip, { file: 'quiz.zip' })
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(bank).toMatchObject({ id: 'net-quiz', title: 'Network quiz', duration_minutes: 30, language: 'en' })
    expect(bank?.sections.map((s) => [s.id, s.title, s.shuffle, s.items.map((i) => i.id)])).toEqual([
      ['choice', 'Choice', { items: false, options: true }, ['capital-fr']],
      ['written', 'Written', { items: true, options: false }, ['essay-1']],
    ])
  })

  it('names a missing item file where the manifest lists it, inside the package', () => {
    const zip = zipSync({ 'imsmanifest.xml': strToU8(manifest21(resource21('r1', 'gone.xml'))) })
    const result = importQti(zip, { file: 'pkg.zip' })
    expect(messages(result)).toContainEqual(
      expect.stringMatching(/^pkg\.zip!\/imsmanifest\.xml:4:\d+: error: item file "gone\.xml" is not in the package/),
    )
  })

  it('locates an unsupported interaction in the item file inside the package', () => {
    const zip = zipSync({
      'imsmanifest.xml': strToU8(manifest21(resource21('r1', 'q/map.xml'))),
      'q/map.xml': strToU8(fixture('qti3-hotspot.xml')),
    })
    const result = importQti(zip, { file: 'pkg.zip' })
    expect(result.bank).toBeUndefined()
    expect(messages(result)).toContainEqual(
      expect.stringMatching(
        /^pkg\.zip!\/q\/map\.xml:7:5: error: item "map-click": <qti-hotspot-interaction> is not supported/,
      ),
    )
  })

  it('refuses a zip entry that climbs out of the package (path traversal)', () => {
    const zip = zipSync({ 'imsmanifest.xml': strToU8(manifest21('')), '../evil.xml': strToU8('<x/>') })
    const result = importQti(zip, { file: 'evil.zip' })
    expect(result.bank).toBeUndefined()
    expect(messages(result)).toEqual([
      expect.stringContaining('evil.zip: error: package refused: entry "../evil.xml" points outside the package'),
    ])
  })

  it('refuses a manifest href that climbs out of the package', () => {
    const zip = zipSync({ 'imsmanifest.xml': strToU8(manifest21(resource21('r1', '../../etc/passwd.xml'))) })
    expect(messages(importQti(zip, { file: 'p.zip' }))).toContainEqual(
      expect.stringContaining('error: resource "r1" points outside the package'),
    )
  })

  it('refuses an entry that unpacks far beyond its size (a zip bomb) before unpacking it', () => {
    const bomb = zipSync(
      { 'imsmanifest.xml': strToU8(manifest21('')), 'big.xml': new Uint8Array(12 * 1024 * 1024) },
      { level: 9 },
    )
    expect(bomb.length).toBeLessThan(64 * 1024)
    const result = importQti(bomb, { file: 'bomb.zip' })
    expect(messages(result)).toEqual([
      expect.stringContaining('bomb.zip: error: package refused: entry "big.xml" unpacks to more than 10485760 bytes'),
    ])
  })

  it('stops a zip bomb whose headers lie about its size once it unpacks past the limit', () => {
    const zip = zipSync(
      { 'imsmanifest.xml': strToU8(manifest21('')), 'big.xml': new Uint8Array(12 * 1024 * 1024) },
      { level: 9 },
    )
    // Declare 100 bytes unpacked in the local header (offset 22) and the central directory (offset 24).
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
    const name = (at: number, length: number) => new TextDecoder().decode(zip.subarray(at, at + length))
    for (let at = 0; at + 46 < zip.length; at++) {
      const signature = view.getUint32(at, true)
      if (signature === 0x04034b50 && name(at + 30, view.getUint16(at + 26, true)) === 'big.xml')
        view.setUint32(at + 22, 100, true)
      if (signature === 0x02014b50 && name(at + 46, view.getUint16(at + 28, true)) === 'big.xml')
        view.setUint32(at + 24, 100, true)
    }
    const limits = { inputBytes: 1024 * 1024, entries: 10, entryBytes: 1024 * 1024, totalBytes: 2 * 1024 * 1024 }
    expect(messages(importQti(zip, { file: 'liar.zip' }, limits))).toEqual([
      expect.stringContaining('liar.zip: error: package refused: entry "big.xml" unpacks to more than 1048576 bytes'),
    ])
  })

  it('refuses a package with too many entries, and one too large to read', () => {
    const many: Record<string, Uint8Array> = {}
    for (let n = 0; n < 30; n++) many[`f${n}.txt`] = strToU8('x')
    const limits = { inputBytes: 1024 * 1024, entries: 20, entryBytes: 1024, totalBytes: 4096 }
    expect(messages(importQti(zipSync(many), { file: 'many.zip' }, limits))).toEqual([
      expect.stringContaining('more than 20 entries'),
    ])
    const big = zipSync({ 'a.bin': new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 7919) % 251) }, { level: 0 })
    expect(messages(importQti(big, { file: 'big.zip' }, limits))).toEqual([
      expect.stringContaining('the package is too large'),
    ])
  })

  it('a zip without imsmanifest.xml is refused with a hint', () => {
    expect(messages(importQti(zipSync({ 'a.xml': strToU8('<x/>') }), { file: 'x.zip' }))).toEqual([
      expect.stringContaining('the package has no imsmanifest.xml at its root'),
    ])
  })
})
