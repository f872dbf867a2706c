import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { unexpectedLatinWords } from '../src/i18n/latinWords'

/**
 * One language per screen, one wording per concept: what the Chinese catalogs (and the HTML report's messages) may
 * say. The catalog test checks the keys; this one checks the words.
 */
const localeDir = resolve(import.meta.dirname, '../src/i18n/locales')
const reportDir = resolve(import.meta.dirname, '../electron/core/results/report')
type Catalog = Record<string, unknown>

const entries = (catalog: Catalog, prefix = ''): [string, string][] =>
  Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? entries(value as Catalog, `${prefix}${key}.`)
      : [[`${prefix}${key}`, String(value)] as [string, string]],
  )

const catalog = (locale: string): [string, string][] =>
  entries(JSON.parse(readFileSync(resolve(localeDir, `${locale}.json`), 'utf8')) as Catalog)

/** Each concept's one word; the others are what an earlier screen or the report said for the same thing. */
const ONE_WORD: Record<'zh-Hant' | 'zh-Hans', { word: string; not: string[] }[]> = {
  'zh-Hant': [
    // The seed papers' section titles and the bank importer's headings say 多選題 and 判斷題.
    { word: '多選題', not: ['複選題'] },
    { word: '判斷題', not: ['是非題'] },
    { word: 'PIN 碼', not: ['監考密碼'] },
  ],
  'zh-Hans': [
    { word: '多选题', not: ['复选题'] },
    { word: '判断题', not: ['是非题'] },
    { word: 'PIN 码', not: ['监考密码'] },
  ],
}

const REPORT_FILES = { 'zh-Hant': 'reportMessagesZhHant.ts', 'zh-Hans': 'reportMessagesZhHans.ts' } as const
const HALF_WIDTH_IN_CHINESE = /[\p{Script=Han}][,:;?!()]|[,:;?!(][\p{Script=Han}]/u

describe('Chinese wording', () => {
  for (const locale of ['zh-Hant', 'zh-Hans'] as const) {
    const messages = catalog(locale)

    it(`${locale} shows no Latin words but names, codes and numbers`, () => {
      const found = messages.flatMap(([key, text]) => unexpectedLatinWords(text).map((word) => `${key}: ${word}`))
      expect(found).toEqual([])
    })

    it(`${locale} uses full-width punctuation in Chinese sentences, candidate and admin strings alike`, () => {
      expect(messages.filter(([, text]) => HALF_WIDTH_IN_CHINESE.test(text)).map(([key]) => key)).toEqual([])
    })

    it(`${locale} names each concept one way, in the app and in the HTML report`, () => {
      const report = readFileSync(resolve(reportDir, REPORT_FILES[locale]), 'utf8')
      const texts = [...messages.map(([key, text]) => [key, text]), ['HTML report', report]]
      const clashes = ONE_WORD[locale].flatMap(({ word, not }) =>
        texts.flatMap(([where, text]) =>
          not.filter((other) => text?.includes(other)).map((other) => `${String(where)}: ${other} (say ${word})`),
        ),
      )
      expect(clashes).toEqual([])
    })
  }

  it('the proctor’s check-in and the candidate’s start are different buttons in every language', () => {
    for (const locale of ['zh-Hant', 'zh-Hans', 'en']) {
      const messages = new Map(catalog(locale))
      expect(messages.get('instructions.start'), locale).toBeDefined()
      expect(messages.get('proctor.start.submit'), locale).not.toBe(messages.get('instructions.start'))
    }
  })

  it('the checker catches an English sentence, and lets names, codes and numbers through', () => {
    expect(unexpectedLatinWords('Displays are not checked in the browser host.')).toEqual([
      'Displays',
      'are',
      'not',
      'checked',
      'in',
      'the',
      'browser',
      'host',
    ])
    expect(unexpectedLatinWords('安裝來源 package e2e-demo, authority 3f9a1c2b')).toEqual(['package', 'authority'])
    expect(
      unexpectedLatinWords('Invigil 考生 C-2026-0042（{name}）PIN 碼 SHA-256 a1b2c3d4e5 banks/ 按 Alt+N 或 Page Down'),
    ).toEqual([])
  })
})

// The catalogs this test reads are the ones the app ships.
it('reads every shipped locale', () => {
  expect(readdirSync(localeDir).sort()).toEqual(['en.json', 'zh-Hans.json', 'zh-Hant.json'])
})
