import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadBankFile } from '../loadBank'
import { imageMediaType } from './imageType'
import { MAX_ASSET_BYTES } from './bankAssets'

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')])
const SVG =
  '<?xml version="1.0"?>\n<!-- a diagram -->\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' +
  '<script>alert(1)</script><foreignObject><p>x</p></foreignObject><image href="https://evil.example/x.png"/>' +
  '<rect width="4" height="4" fill="url(https://evil.example/p)"/><circle r="2" fill="url(#g)"/></svg>'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A markdown bank beside its images; `stems` become single-choice items, each stem on line 14 + 6 × its index. */
function bankWith(stems: string[], files: Record<string, Buffer | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'invigil-assets-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'images'))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  const items = stems
    .map(
      (stem, i) =>
        `      - id: q${String(i)}\n        type: single\n        points: 1\n        stem: ${JSON.stringify(stem)}\n        options: { A: "a", B: "b" }\n        key: A`,
    )
    .join('\n')
  const text = `format: invigil-bank/1\nid: assets\ntitle: Assets\nlanguage: en\nduration_minutes: 10\ntext_format: markdown\nsections:\n  - id: s\n    title: S\n    items:\n${items}\n`
  const file = join(dir, 'bank.yaml')
  writeFileSync(file, text)
  return file
}

describe('image types are told by their bytes', () => {
  it.each([
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['WebP', WEBP, 'image/webp'],
    ['SVG', Buffer.from(SVG), 'image/svg+xml'],
    ['text', Buffer.from('hello'), undefined],
    ['HTML', Buffer.from('<html><svg></svg></html>'), undefined],
    ['GIF', Buffer.from('GIF89a'), undefined],
  ])('%s', (_name, bytes, expected) => {
    expect(imageMediaType(bytes)).toBe(expected)
  })
})

describe('the images of a markdown bank', () => {
  it('are read, hashed and embedded; SVGs lose scripts and outside references', async () => {
    const file = bankWith(
      ['![a net](images/net.png) ![a net](images/net.png)', '![diagram](images/d.svg)', '![photo](images/p.jpg)'],
      { 'images/net.png': PNG, 'images/d.svg': SVG, 'images/p.jpg': JPEG },
    )
    const { bank, diagnostics, assets } = await loadBankFile(file)
    expect(diagnostics).toEqual([])
    expect(bank).toBeDefined()
    expect(assets?.map((asset) => [asset.path, asset.media_type])).toEqual([
      ['images/net.png', 'image/png'],
      ['images/d.svg', 'image/svg+xml'],
      ['images/p.jpg', 'image/jpeg'],
    ])
    const png = assets?.[0]
    expect(png?.sha256).toBe(createHash('sha256').update(PNG).digest('hex'))
    const svg = Buffer.from(assets?.[1]?.data ?? '', 'base64').toString('utf8')
    expect(svg).toContain('<circle r="2" fill="url(#g)"></circle>')
    for (const gone of ['onload', '<script', 'foreignObject', '<image', 'evil.example']) expect(svg).not.toContain(gone)
  })

  it('refuses each broken reference with an error on the line that names it', async () => {
    const file = bankWith(
      [
        '![](images/net.png)',
        '![gone](images/missing.png)',
        '![big](images/big.png)',
        '![text](images/fake.png)',
        '![web](https://example.com/x.png)',
        '![up](../secret.png)',
        '![abs](/etc/passwd)',
      ],
      {
        'images/net.png': PNG,
        'images/big.png': Buffer.concat([PNG, Buffer.alloc(MAX_ASSET_BYTES)]),
        'images/fake.png': 'not an image',
      },
    )
    const { bank, diagnostics } = await loadBankFile(file)
    expect(bank).toBeUndefined()
    const found = diagnostics.map((d) => [d.line, d.path, d.message])
    expect(found).toEqual([
      [14, 'sections[0].items[0].stem', 'image "images/net.png" has no alt text'],
      [20, 'sections[0].items[1].stem', 'image "images/missing.png" does not exist beside the bank'],
      [26, 'sections[0].items[2].stem', 'image "images/big.png" is 2.0 MB; at most 2 MB'],
      [32, 'sections[0].items[3].stem', '"images/fake.png" is not a PNG, JPEG, WebP or SVG image'],
      [
        38,
        'sections[0].items[4].stem',
        'image "https://example.com/x.png" is a URL; a station is offline, so images are files beside the bank',
      ],
      [44, 'sections[0].items[5].stem', 'image "../secret.png" is outside the bank\'s folder'],
      [50, 'sections[0].items[6].stem', 'image "/etc/passwd" must be a relative path with "/" (e.g. images/net.png)'],
    ])
    expect(diagnostics.every((d) => d.severity === 'error' && d.hint)).toBe(true)
  })

  it('are not looked for in a plain bank, whose texts are not Markdown', async () => {
    const file = bankWith(['![gone](images/missing.png)'], {})
    const text = (await import('node:fs')).readFileSync(file, 'utf8').replace('text_format: markdown\n', '')
    writeFileSync(file, text)
    const { bank, diagnostics, assets } = await loadBankFile(file)
    expect(diagnostics).toEqual([])
    expect(bank?.sections[0]?.items[0]?.stem).toBe('![gone](images/missing.png)')
    expect(assets).toEqual([])
  })
})
