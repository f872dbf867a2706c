import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { unzipSync, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import { importQti } from '../../import/qti'
import { loadBankFile } from '../../loadBank'
import type { Bank } from '../../schema'
import { bankToYaml } from '../../serialize'
import { exportQti } from '.'

const yamlOf = (bank: Bank | undefined): string => {
  if (!bank) throw new Error('no bank')
  return bankToYaml(bank)
}
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const BANK = `format: invigil-bank/1
id: rich-round
title: Rich round trip
language: en
duration_minutes: 20
text_format: markdown
sections:
  - id: s
    title: Network
    items:
      - id: q1
        type: single
        points: 2
        stem: |-
          Look at the diagram:

          ![two routers and a switch](images/net%20map.png)

          | service | port |
          |---|---:|
          | ssh | 22 |
        options:
          A: "22"
          B: "![the switch](images/net%20map.png)"
        key: A
`

async function roundTrip(bankFile: string) {
  const loaded = await loadBankFile(bankFile)
  if (!loaded.bank) throw new Error(JSON.stringify(loaded.diagnostics))
  const exported = exportQti(loaded.bank, loaded.assets)
  if (!exported.ok) throw new Error(exported.message)
  const imported = importQti(exported.zip, { file: 'out.zip', assetFolder: 'ignored-for-invigil-packages' })
  expect(imported.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return { loaded, exported, imported }
}

describe('markdown bank with images -> QTI 3.0 -> bank', () => {
  it('gives back the same bank file and the image file byte for byte, at the path the bank names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invigil-qti-rich-rt-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'images'))
    writeFileSync(join(dir, 'images', 'net map.png'), PNG)
    writeFileSync(join(dir, 'bank.yaml'), BANK)
    const { loaded, exported, imported } = await roundTrip(join(dir, 'bank.yaml'))
    expect(Object.keys(unzipSync(exported.zip))).toContain('media/images/net%20map.png')
    expect(exported.files.get('imsmanifest.xml')).toContain('<file href="media/images/net%20map.png"/>')
    expect(yamlOf(imported.bank)).toBe(yamlOf(loaded.bank))
    expect(imported.bank).toStrictEqual(loaded.bank)
    expect(imported.assets.map((a) => a.path)).toEqual(['images/net map.png'])
    expect(Buffer.from(imported.assets[0]?.bytes ?? []).equals(PNG)).toBe(true)
  })

  it('gives back the rich seed fixture (tables, code, math, an SVG) unchanged, its SVG as the package carried it', async () => {
    const file = resolve(import.meta.dirname, '../../../../../test/fixtures/banks/rich/rich-items.yaml')
    const { loaded, imported } = await roundTrip(file)
    expect(yamlOf(imported.bank)).toBe(yamlOf(loaded.bank))
    expect(imported.bank).toStrictEqual(loaded.bank)
    const svg = loaded.assets?.find((a) => a.path === 'images/network.svg')
    expect(imported.assets).toEqual([
      {
        path: 'images/network.svg',
        bytes: new Uint8Array(Buffer.from(svg?.data ?? '', 'base64')),
        source: 'media/images/network.svg',
      },
    ])
  })

  it('refuses an Invigil package whose Markdown names an image outside the bank folder, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invigil-qti-rich-rt-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'images'))
    writeFileSync(join(dir, 'images', 'net map.png'), PNG)
    writeFileSync(join(dir, 'bank.yaml'), BANK)
    const { exported } = await roundTrip(join(dir, 'bank.yaml'))
    const files = unzipSync(exported.zip)
    const item = new TextDecoder().decode(files['items/q1.xml'])
    const hostile = item.replace(
      '<p>![two routers and a switch](images/net%20map.png)',
      '<p>![two routers and a switch](../../etc/passwd)',
    )
    expect(hostile).not.toBe(item)
    const result = importQti(zipSync({ ...files, 'items/q1.xml': new TextEncoder().encode(hostile) }), {
      file: 'evil.zip',
    })
    expect(result.bank).toBeUndefined()
    expect(result.assets).toEqual([])
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message: 'image "../../etc/passwd" is not a path inside the bank\'s folder',
        path: 'sections[0].items[0].stem',
      }),
    )
  })
})
