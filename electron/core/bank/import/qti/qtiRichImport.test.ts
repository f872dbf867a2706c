import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_ASSET_BYTES } from '../../assets/bankAssets'
import { formatDiagnostic } from '../../diagnostics'
import { loadBankFile } from '../../loadBank'
import { bankToYaml } from '../../serialize'
import { buildCandidateView } from '../../../delivery/candidateView'
import { buildDeliveryForm } from '../../../delivery/deliveryForm'
import { importQti } from '.'
import type { QtiImportResult } from '.'
import { filesBeside } from './qtiAssets'

/** A real 1×1 PNG's signature and header: what the bank's validator tells images by. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'invigil-qti-rich-'))
  dirs.push(dir)
  return dir
}

const qti3 = (id: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="${id}" title="${id}" adaptive="false" time-dependent="false" xml:lang="en">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>A</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float" normal-maximum="2"/>
  <qti-item-body>
${body}
    <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
      <qti-simple-choice identifier="A">22</qti-simple-choice>
      <qti-simple-choice identifier="B">80</qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
</qti-assessment-item>`

const qti21 = (id: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="${id}" title="${id}" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>B</value></correctResponse>
  </responseDeclaration>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>${body}</prompt>
      <simpleChoice identifier="A">UDP</simpleChoice>
      <simpleChoice identifier="B">TCP</simpleChoice>
    </choiceInteraction>
  </itemBody>
</assessmentItem>`

const manifest = (items: string[]): string => `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="rich-pkg">
  <resources>
${items.map((href, i) => `    <resource identifier="R${i}" type="imsqti_item_xmlv3p0" href="${href}"><file href="${href}"/></resource>`).join('\n')}
  </resources>
</manifest>`

/** A content package of the given item files (by path) and other files. */
function pack(items: Record<string, string>, files: Record<string, Uint8Array> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = { 'imsmanifest.xml': strToU8(manifest(Object.keys(items))) }
  for (const [path, xml] of Object.entries(items)) entries[path] = strToU8(xml)
  return zipSync({ ...entries, ...files })
}

const messages = (result: QtiImportResult): string[] => result.diagnostics.map(formatDiagnostic)

/** Writes the bank and its images as the CLI does, then reads it back as `invigil bank validate` does. */
async function written(result: QtiImportResult) {
  if (!result.bank) throw new Error(messages(result).join('\n'))
  const dir = tempDir()
  for (const asset of result.assets) {
    mkdirSync(dirname(join(dir, asset.path)), { recursive: true })
    writeFileSync(join(dir, asset.path), asset.bytes)
  }
  writeFileSync(join(dir, 'bank.yaml'), bankToYaml(result.bank))
  const loaded = await loadBankFile(join(dir, 'bank.yaml'))
  if (!loaded.bank) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'))
  return { ...loaded, bank: loaded.bank, dir }
}

const TABLE = `<table><caption>Well-known ports</caption><thead><tr><th>Service</th><th>Port</th></tr></thead>
  <tbody><tr><td>SSH</td><td>22</td></tr><tr><td>a|b</td><td><code>x|y</code></td></tr></tbody></table>`

describe('QTI bodies with tables and images become a Markdown bank', () => {
  it('a QTI 3.0 and a QTI 2.1 item with a table and an image: a bank that validates and renders both', async () => {
    const result = importQti(
      pack(
        {
          'items/q3.xml': qti3('q3', `<p>Which port?</p><p><img src="../img/net.png" alt="two routers"/></p>${TABLE}`),
          'items/q21.xml': qti21('q21', `Protocol of <em>SSH</em>? <img src="diagram.jpg" alt="a handshake"/>${TABLE}`),
        },
        { 'img/net.png': PNG, 'items/diagram.jpg': JPEG },
      ),
      { durationMinutes: 30, file: 'rich.zip', assetFolder: 'rich-assets' },
    )
    expect(messages(result)).toEqual([])
    expect(result.bank?.text_format).toBe('markdown')
    const [q3, q21] = result.bank?.sections[0]?.items ?? []
    expect(q3?.stem).toBe(
      'Which port?\n\n![two routers](rich-assets/net.png)\n\nWell-known ports\n\n| Service | Port |\n| --- | --- |\n| SSH | 22 |\n| a\\|b | `x\\|y` |',
    )
    expect(q21?.stem).toContain('Protocol of *SSH*? ![a handshake](rich-assets/diagram.jpg)')
    expect(result.assets.map((a) => a.path)).toEqual(['rich-assets/net.png', 'rich-assets/diagram.jpg'])

    const { bank, assets, diagnostics } = await written(result)
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(Buffer.from(assets?.[0]?.data ?? '', 'base64').equals(PNG)).toBe(true)
    const served = new Map(assets?.map((a) => [a.path, `/exam-assets/${a.sha256}`]))
    const view = buildCandidateView(bank, buildDeliveryForm(bank, 'seed'), (path) => served.get(path))
    const [v3, v21] = view.sections[0]?.items ?? []
    for (const [html, alt] of [
      [v3?.stemHtml, 'two routers'],
      [v21?.stemHtml, 'a handshake'],
    ] as const) {
      expect(html).toContain('<table>')
      expect(html).toContain('<td>a|b</td>')
      expect(html).toContain('<code>x|y</code>')
      expect(html).toMatch(new RegExp(`<img class="rich-image" src="/exam-assets/[0-9a-f]{64}" alt="${alt}">`))
    }
  })

  it('text that looks like Markdown reads back as the same text: no emphasis, math, heading or list', async () => {
    const plain = ['Use a *star*, 5 * 3 and snake_case', 'It costs $5 and $6, or $x$', 'a|b \\ back <b> &amp; [x](y)']
    const starts = ['# not a heading', '- not a list', '1. not a list', '&gt; not a quote', '---', '==', '+ plus']
    const body = [...plain, ...starts].map(
      (t) => `<p>${t.replace(/&(?!amp;|gt;)/g, '&amp;').replace(/</g, '&lt;')}</p>`,
    )
    const result = importQti(pack({ 'q.xml': qti3('q', `${body.join('\n')}${TABLE}`) }), {
      durationMinutes: 30,
      file: 'esc.zip',
    })
    const { bank } = await written(result)
    const html = buildCandidateView(bank, buildDeliveryForm(bank, 'seed')).sections[0]?.items[0]?.stemHtml ?? ''
    expect(html).not.toMatch(/<(em|strong|math|h\d|ul|ol|li|blockquote|hr|a)\b/)
    const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) =>
      (m[1] ?? '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    )
    expect(paragraphs.at(-1)).toBe('Well-known ports')
    expect(paragraphs.slice(0, -1)).toEqual([
      ...plain.map((t) => t.replace('&amp;', '&')),
      ...starts.map((t) => t.replace('&gt;', '>')),
    ])
  })

  it('an image without alt text keeps its title or file name as alt, with a located warning to describe it', async () => {
    const xml = qti3('q', `<p><img src="fig-7.png"/> and <img src="b.png" title="the wiring"/></p>`)
    const result = importQti(pack({ 'q.xml': xml }, { 'fig-7.png': PNG, 'b.png': PNG }), {
      durationMinutes: 30,
      file: 'alt.zip',
    })
    expect(result.bank?.sections[0]?.items[0]?.stem).toBe('![fig-7](assets/fig-7.png) and ![the wiring](assets/b.png)')
    const line = xml.split('\n').findIndex((l) => l.includes('<img')) + 1
    expect(messages(result)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^alt\\.zip!/q\\.xml:${line}:\\d+: warning: image "fig-7\\.png" has no alt text; its file name "fig-7"`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^alt\\.zip!/q\\.xml:${line}:\\d+: warning: image "b\\.png" has no alt text; its title`),
      ),
    ])
    await written(result)
  })

  it('gives images safe, unique names: no spaces or brackets, one file per source', () => {
    const body =
      '<p><img src="a/fig (1).png" alt="x"/><img src="b/fig (1).png" alt="y"/><img src="a/fig%20(1).png" alt="z"/></p>'
    const result = importQti(pack({ 'q.xml': qti3('q', body) }, { 'a/fig (1).png': PNG, 'b/fig (1).png': JPEG }), {
      file: 'n.zip',
    })
    expect(result.bank?.sections[0]?.items[0]?.stem).toBe(
      '![x](assets/fig-1.png)![y](assets/fig-1-2.png)![z](assets/fig-1.png)',
    )
    expect(result.assets.map((a) => a.path)).toEqual(['assets/fig-1.png', 'assets/fig-1-2.png'])
  })

  it('refuses an image path that climbs out of the package, a URL and a missing image, each where it is named', () => {
    const xml = qti3(
      'q',
      `<p><img src="../../etc/passwd" alt="p"/></p>\n<p><img src="https://example.com/x.png" alt="u"/></p>\n<p><img src="gone.png" alt="g"/></p>${TABLE}`,
    )
    const result = importQti(pack({ 'items/q.xml': xml }), { durationMinutes: 30, file: 'bad.zip' })
    const lineOf = (needle: string): number => xml.split('\n').findIndex((l) => l.includes(needle)) + 1
    expect(result.bank).toBeUndefined()
    expect(result.assets).toEqual([])
    expect(messages(result)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^bad\\.zip!/items/q\\.xml:${lineOf('passwd')}:\\d+: error: image "\\.\\./\\.\\./etc/passwd" is outside the package`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^bad\\.zip!/items/q\\.xml:${lineOf('https')}:\\d+: error: image "https://example\\.com/x\\.png" is a URL`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^bad\\.zip!/items/q\\.xml:${lineOf('gone')}:\\d+: error: image "gone\\.png" is not in the package`),
      ),
    ])
  })

  it('a single item file reads images from its own folder only, never above it', () => {
    const root = tempDir()
    mkdirSync(join(root, 'paper'))
    writeFileSync(join(root, 'secret.png'), PNG)
    writeFileSync(join(root, 'paper', 'ok.png'), PNG)
    const xml = qti3('q', '<p><img src="ok.png" alt="fine"/></p>\n<p><img src="../secret.png" alt="above"/></p>')
    const result = importQti(strToU8(xml), {
      durationMinutes: 30,
      file: 'q.xml',
      filesBeside: filesBeside(join(root, 'paper')),
    })
    expect(result.bank).toBeUndefined()
    expect(messages(result)).toEqual([
      expect.stringMatching(/^q\.xml:\d+:\d+: error: image "\.\.\/secret\.png" is outside the item file's folder/),
    ])
    const ok = importQti(strToU8(qti3('q', '<p><img src="ok.png" alt="fine"/></p>')), {
      file: 'q.xml',
      durationMinutes: 30,
      filesBeside: filesBeside(join(root, 'paper')),
    })
    expect(ok.assets.map((a) => [a.path, Buffer.from(a.bytes).equals(PNG)])).toEqual([['assets/ok.png', true]])
    // A symbolic link beside the item that points above its folder is not followed.
    symlinkSync(join(root, 'secret.png'), join(root, 'paper', 'link.png'))
    const linked = importQti(strToU8(qti3('q', '<p><img src="link.png" alt="l"/></p>')), {
      durationMinutes: 30,
      file: 'q.xml',
      filesBeside: filesBeside(join(root, 'paper')),
    })
    expect(linked.bank).toBeUndefined()
    expect(messages(linked)).toEqual([
      expect.stringMatching(/^q\.xml:\d+:\d+: error: image "link\.png" is not in the item file's folder/),
    ])
  })

  it('refuses a file that lies about its type and one over 2 MB, in the words of the bank validator', async () => {
    const xml = qti3('q', '<p><img src="fake.png" alt="f"/></p>\n<p><img src="huge.png" alt="h"/></p>')
    const huge = new Uint8Array(MAX_ASSET_BYTES + 1)
    huge.set(PNG)
    const result = importQti(
      pack({ 'q.xml': xml }, { 'fake.png': strToU8('just text, not an image'), 'huge.png': huge }),
      { durationMinutes: 30, file: 'lie.zip' },
    )
    expect(result.bank).toBeUndefined()
    expect(messages(result)).toEqual([
      expect.stringMatching(/^lie\.zip!\/q\.xml:\d+:\d+: error: "fake\.png" is not a PNG, JPEG, WebP or SVG image/),
      expect.stringMatching(/^lie\.zip!\/q\.xml:\d+:\d+: error: image "huge\.png" is 2\.0 MB; at most 2 MB/),
    ])
    // The validator's own words for the same file beside a bank.
    const dir = tempDir()
    writeFileSync(join(dir, 'fake.png'), 'just text, not an image')
    writeFileSync(
      join(dir, 'b.yaml'),
      'format: invigil-bank/1\nid: b\ntitle: B\nlanguage: en\nduration_minutes: 5\ntext_format: markdown\nsections:\n  - id: s\n    title: S\n    items:\n      - id: q\n        type: short_answer\n        points: 1\n        stem: "![f](fake.png)"\n',
    )
    const validated = await loadBankFile(join(dir, 'b.yaml'))
    expect(validated.diagnostics.map((d) => d.message)).toContain('"fake.png" is not a PNG, JPEG, WebP or SVG image')
    expect(readdirSync(dir).sort()).toEqual(['b.yaml', 'fake.png'])
  })

  it('a choice holding a table is kept, with a located warning that options show one line', () => {
    const xml = qti3('q', `<p>Pick one.</p>`).replace(
      '<qti-simple-choice identifier="B">80</qti-simple-choice>',
      '<qti-simple-choice identifier="B"><table><tr><td>80</td></tr></table></qti-simple-choice>',
    )
    const result = importQti(pack({ 'q.xml': xml }), { durationMinutes: 30, file: 'c.zip' })
    const line = xml.split('\n').findIndex((l) => l.includes('<table>')) + 1
    expect(messages(result)).toEqual([
      expect.stringMatching(new RegExp(`^c\\.zip!/q\\.xml:${line}:\\d+: warning: item "q": choice "B" holds blocks`)),
    ])
  })

  it('a table cell holding several blocks is put on one line, with a located warning', () => {
    const xml = qti3('q', '<table><tr><td><p>one</p><ul><li>two</li></ul></td><td>x</td></tr></table>')
    const result = importQti(pack({ 'q.xml': xml }), { durationMinutes: 30, file: 't.zip' })
    expect(result.bank?.sections[0]?.items[0]?.stem).toBe('| one - two | x |\n| --- | --- |')
    expect(messages(result)).toEqual([
      expect.stringMatching(/^t\.zip!\/q\.xml:\d+:\d+: warning: a table cell holds several blocks/),
    ])
  })
})
