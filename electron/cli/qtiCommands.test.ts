import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import { loadBankText } from '../core/bank/loadBank'
import { bankToYaml } from '../core/bank/serialize'
import { main } from './main'

/** Runs `invigil …` in-process and captures what a terminal would show. */
async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'invigil-cli-qti-rich-'))
  dirs.push(dir)
  return dir
}

const item = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="net" title="Net" adaptive="false" time-dependent="false" xml:lang="en">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>A</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    ${body}
    <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
      <qti-simple-choice identifier="A">22</qti-simple-choice>
      <qti-simple-choice identifier="B">80</qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
</qti-assessment-item>`

function writePackage(dir: string, body: string, files: Record<string, Uint8Array> = {}): string {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="net-pkg"><resources>
  <resource identifier="R1" type="imsqti_item_xmlv3p0" href="items/net.xml"><file href="items/net.xml"/></resource>
</resources></manifest>`
  const zip = join(dir, 'net.zip')
  writeFileSync(zip, zipSync({ 'imsmanifest.xml': strToU8(manifest), 'items/net.xml': strToU8(item(body)), ...files }))
  return zip
}

const TABLE = '<table><tr><th>Service</th><th>Port</th></tr><tr><td>SSH</td><td>22</td></tr></table>'

describe('bank import --format qti: tables and images', () => {
  it('writes a Markdown bank and its image beside it, in <bank>-assets/, and the bank validates', async () => {
    const dir = tempDir()
    const zip = writePackage(dir, `<p><img src="../img/net.png" alt="the network"/></p>${TABLE}`, {
      'img/net.png': PNG,
    })
    const out = join(dir, 'banks', 'net bank.yaml')
    mkdirSync(join(dir, 'banks'))
    const imported = await run('bank', 'import', '--format', 'qti', zip, '-o', out, '--duration', '10')
    expect(imported).toMatchObject({ code: 0, stderr: '' })
    const yaml = readFileSync(out, 'utf8')
    expect(yaml).toContain('text_format: markdown')
    expect(yaml).toContain('![the network](net-bank-assets/net.png)')
    expect(yaml).toContain('| Service | Port |')
    expect(readFileSync(join(dir, 'banks', 'net-bank-assets', 'net.png')).equals(PNG)).toBe(true)
    expect(await run('bank', 'validate', out)).toMatchObject({ code: 0, stderr: '' })
  })

  it('a path climbing out of the package or a missing image: located errors, and nothing is written anywhere', async () => {
    const dir = tempDir()
    const zip = writePackage(
      dir,
      '<p><img src="../../etc/passwd" alt="p"/></p>\n    <p><img src="gone.png" alt="g"/></p>',
    )
    const out = join(dir, 'out', 'bank.yaml')
    mkdirSync(join(dir, 'out'))
    const { code, stderr } = await run('bank', 'import', '--format', 'qti', zip, '-o', out, '--duration', '10')
    expect(code).toBe(1)
    expect(stderr).toContain(`${zip}!/items/net.xml:7:8: error: image "../../etc/passwd" is outside the package`)
    expect(stderr).toContain(`${zip}!/items/net.xml:8:8: error: image "gone.png" is not in the package`)
    expect(readdirSync(join(dir, 'out'))).toEqual([])
    expect(readdirSync(dir).sort()).toEqual(['net.zip', 'out'])
    expect(existsSync(join(dir, 'etc'))).toBe(false)
  })

  it('export then import of a markdown bank gives back the bank file and its image byte for byte', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'src', 'images'), { recursive: true })
    writeFileSync(join(dir, 'src', 'images', 'net.png'), PNG)
    const bank = join(dir, 'src', 'bank.yaml')
    const text =
      'format: invigil-bank/1\nid: net\ntitle: Net\nlanguage: en\nduration_minutes: 10\ntext_format: markdown\nsections:\n  - id: s\n    title: S\n    items:\n      - id: q1\n        type: short_answer\n        points: 1\n        stem: "![the network](images/net.png)\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |"\n'
    // The bank file as Invigil writes banks, so the file itself can be compared.
    const loaded = loadBankText(text, bank).bank
    if (!loaded) throw new Error('the test bank does not load')
    writeFileSync(bank, bankToYaml(loaded))
    const zip = join(dir, 'net.zip')
    expect(await run('bank', 'export', '--format', 'qti', bank, '-o', zip)).toMatchObject({ code: 0 })
    mkdirSync(join(dir, 'back'))
    const back = join(dir, 'back', 'bank.yaml')
    expect(await run('bank', 'import', '--format', 'qti', zip, '-o', back)).toMatchObject({ code: 0, stderr: '' })
    expect(readFileSync(join(dir, 'back', 'images', 'net.png')).equals(PNG)).toBe(true)
    expect(readFileSync(back, 'utf8')).toBe(readFileSync(bank, 'utf8'))
    expect(await run('bank', 'validate', back)).toMatchObject({ code: 0, stderr: '' })
  })
})
