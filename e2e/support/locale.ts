import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** The interface languages the renderer ships; the E2E suite sits exams in the first and the last. */
export type UiLocale = 'zh-Hant' | 'zh-Hans' | 'en'

interface Messages {
  [key: string]: string | Messages
}

export type Translate = (key: string, params?: Record<string, string | number>, count?: number) => string

/**
 * The renderer's own message files, read the way vue-i18n reads them (named `{params}`, `one | many` plurals), so a
 * test finds buttons by the words a candidate sees in that language and the same flow runs in every language.
 */
export function translator(locale: UiLocale): Translate {
  const file = resolve(import.meta.dirname, `../../src/i18n/locales/${locale}.json`)
  const messages = JSON.parse(readFileSync(file, 'utf8')) as Messages
  return (key, params = {}, count) => {
    let found: string | Messages | undefined = messages
    for (const part of key.split('.')) found = typeof found === 'object' ? found[part] : undefined
    if (typeof found !== 'string') throw new Error(`no message ${key} in ${locale}`)
    const choices = found.split(' | ')
    // vue-i18n's default rule for two choices: 1 -> the first, anything else -> the second.
    const chosen = choices.length > 1 && count !== 1 ? (choices[1] ?? found) : (choices[0] ?? found)
    return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
  }
}
