import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = resolve(import.meta.dirname, '../src/i18n/locales')
type Catalog = Record<string, unknown>

function keys(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value as Catalog, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

const catalogs = Object.fromEntries(
  readdirSync(dir).map((file) => [
    file.replace(/\.json$/, ''),
    JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as Catalog,
  ]),
)

describe('locale catalogs', () => {
  it('ship zh-Hant, zh-Hans and en', () => {
    expect(Object.keys(catalogs).sort()).toEqual(['en', 'zh-Hans', 'zh-Hant'])
  })

  for (const locale of ['zh-Hant', 'zh-Hans']) {
    it(`${locale} has exactly the keys of en, none empty`, () => {
      const catalog = catalogs[locale] ?? {}
      expect(keys(catalog).sort()).toEqual(keys(catalogs.en ?? {}).sort())
      for (const key of keys(catalog)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Catalog)[part], catalog)
        expect(String(value).trim(), key).not.toBe('')
      }
    })
  }
})
