import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ENVIRONMENT_MESSAGES_EN } from '../electron/core/environment/environmentMessages'

/** Every environment message the core can send has words in every language, and en.json says what the log says. */
const catalog = (locale: string): Record<string, string> => {
  const file = resolve(import.meta.dirname, `../src/i18n/locales/${locale}.json`)
  const messages = JSON.parse(readFileSync(file, 'utf8')) as {
    proctor: { environment: { checks: Record<string, string> } }
  }
  return messages.proctor.environment.checks
}

describe('environment check messages', () => {
  it('en.json holds exactly the core’s English', () => {
    expect(catalog('en')).toEqual(ENVIRONMENT_MESSAGES_EN)
  })

  for (const locale of ['zh-Hant', 'zh-Hans']) {
    it(`${locale} translates every one, with the same values named`, () => {
      const translated = catalog(locale)
      expect(Object.keys(translated).sort()).toEqual(Object.keys(ENVIRONMENT_MESSAGES_EN).sort())
      const names = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort()
      for (const [key, english] of Object.entries(ENVIRONMENT_MESSAGES_EN)) {
        expect(translated[key], key).not.toBe(english)
        expect(names(translated[key] ?? ''), key).toEqual(names(english))
      }
    })
  }
})
