import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../../diagnostics'
import { importQti } from '.'
import { readPackageFiles } from './qtiPackage'

const fixtures = resolve(import.meta.dirname, '../../../../../test/fixtures/qti')
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8')
const messages = (result: ReturnType<typeof importQti>): string[] => result.diagnostics.map(formatDiagnostic)

const manifest21 = (resources: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="pkg-21">
  <resources>
${resources}
  </resources>
</manifest>`
const resource21 = (id: string, href: string): string =>
  `    <resource identifier="${id}" type="imsqti_item_xmlv2p1" href="${href}"><file href="${href}"/></resource>`

/** Declares 100 bytes unpacked for `entry` in the local header (offset 22) and the central directory (offset 24). */
function lieAboutSize(zip: Uint8Array, entry: string): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const name = (at: number, length: number) => new TextDecoder().decode(zip.subarray(at, at + length))
  for (let at = 0; at + 46 < zip.length; at++) {
    const signature = view.getUint32(at, true)
    if (signature === 0x04034b50 && name(at + 30, view.getUint16(at + 26, true)) === entry)
      view.setUint32(at + 22, 100, true)
    if (signature === 0x02014b50 && name(at + 46, view.getUint16(at + 28, true)) === entry)
      view.setUint32(at + 24, 100, true)
  }
}

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

  it('reads a QTI 2.1 assessmentTest: nested sections flattened, time limit as the duration', () => {
    const test = `<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="T21" title="Ports and protocols">
  <testPart identifier="P" navigationMode="nonlinear" submissionMode="simultaneous">
    <timeLimits maxTime="2700"/>
    <assessmentSection identifier="outer" title="Outer" visible="true">
      <assessmentSection identifier="ports" title="Ports" visible="true">
        <assessmentItemRef identifier="i1" href="items/ssh.xml"/>
        <assessmentItemRef identifier="i2" href="items/loop.xml"/>
      </assessmentSection>
      <assessmentSection identifier="protocols" title="Protocols" visible="true">
        <assessmentItemRef identifier="i3" href="items/udp.xml"/>
      </assessmentSection>
    </assessmentSection>
  </testPart>
</assessmentTest>`
    const zip = zipSync({
      'imsmanifest.xml': strToU8(
        manifest21(
          `    <resource identifier="t" type="imsqti_test_xmlv2p1" href="tests/t.xml"><file href="tests/t.xml"/></resource>`,
        ),
      ),
      'tests/t.xml': strToU8(test.replaceAll('href="items/', 'href="../items/')),
      'items/ssh.xml': strToU8(fixture('qti21-single.xml')),
      'items/loop.xml': strToU8(fixture('qti21-text-entry.xml')),
      'items/udp.xml': strToU8(fixture('qti21-multiple.xml')),
    })
    const { bank, diagnostics } = importQti(zip, { file: 't21.zip' })
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(bank).toMatchObject({ id: 'T21', title: 'Ports and protocols', duration_minutes: 45 })
    expect(bank?.sections.map((s) => [s.id, s.items.map((i) => i.id)])).toEqual([
      ['ports', ['ports-ssh', 'loopback']],
      ['protocols', ['udp']],
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
    lieAboutSize(zip, 'big.xml')
    const limits = { inputBytes: 1024 * 1024, entries: 10, entryBytes: 1024 * 1024, totalBytes: 2 * 1024 * 1024 }
    expect(messages(importQti(zip, { file: 'liar.zip' }, limits))).toEqual([
      expect.stringContaining('liar.zip: error: package refused: entry "big.xml" unpacks to more than 1048576 bytes'),
    ])
  })

  it('stops reading an image past its limit when its headers lie about its size, and reads only the images asked for', () => {
    const big = new Uint8Array(3 * 1024 * 1024)
    big.set([0x89, 0x50, 0x4e, 0x47])
    const zip = zipSync({ 'big.png': big, 'small.png': strToU8('small'), 'other.png': strToU8('other') }, { level: 9 })
    lieAboutSize(zip, 'big.png')
    const files = readPackageFiles(zip, new Set(['big.png', 'small.png', 'gone.png']), 1024 * 1024)
    // Kept as "too large" with what was counted before it stopped; its bytes are dropped.
    expect(files.get('big.png')).toEqual({ size: expect.any(Number) as number, tooLarge: true })
    expect((files.get('big.png') as { size: number }).size).toBeGreaterThan(1024 * 1024)
    expect(files.get('small.png')).toEqual({ bytes: strToU8('small') })
    expect(files.get('gone.png')).toEqual({ missing: true })
    expect(files.has('other.png')).toBe(false)
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

  it('damaged Invigil facts are a warning, and the QTI content still imports', () => {
    const manifest = manifest21(resource21('r1', 'ssh.xml')).replace(
      '<resources>',
      '<metadata><invigil:bank-facts xmlns:invigil="urn:invigil:bank-facts:1">{"bank": 1}</invigil:bank-facts></metadata>\n  <resources>',
    )
    const zip = zipSync({ 'imsmanifest.xml': strToU8(manifest), 'ssh.xml': strToU8(fixture('qti21-single.xml')) })
    const result = importQti(zip, { file: 'f.zip', durationMinutes: 5 })
    expect(result.bank?.sections[0]?.items.map((i) => i.id)).toEqual(['ports-ssh'])
    expect(messages(result)).toContainEqual(
      expect.stringMatching(
        /^f\.zip!\/imsmanifest\.xml:3:\d+: warning: the Invigil bank facts in the manifest are damaged/,
      ),
    )
  })

  it('a zip without imsmanifest.xml is refused with a hint', () => {
    expect(messages(importQti(zipSync({ 'a.xml': strToU8('<x/>') }), { file: 'x.zip' }))).toEqual([
      expect.stringContaining('the package has no imsmanifest.xml at its root'),
    ])
  })
})
