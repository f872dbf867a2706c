import { createI18n } from 'vue-i18n'
import en from './locales/en.json'

export const SUPPORTED_LOCALES = ['zh-Hant', 'zh-Hans', 'en'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]
export type MessageSchema = typeof en

// English is bundled as the fallback; the other locales load on demand so first paint never waits for all three.
const loaders = import.meta.glob<{ default: MessageSchema }>(['./locales/*.json', '!./locales/en.json'])

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en } as Record<AppLocale, MessageSchema>,
})

/** Maps BCP 47 tags (browser preference or a bank's `language`) to the closest supported locale. */
export function pickLocale(tags: readonly string[]): AppLocale {
  for (const raw of tags) {
    const tag = raw.toLowerCase()
    if (tag === 'zh-hans' || tag.startsWith('zh-hans-') || tag === 'zh-cn' || tag === 'zh-sg') return 'zh-Hans'
    if (tag.startsWith('zh')) return 'zh-Hant'
    if (tag.startsWith('en')) return 'en'
  }
  return 'zh-Hant'
}

/** The locale asked for last: a slower load of an earlier choice must not win over it. */
let latestChoice: AppLocale | undefined

export async function setLocale(locale: AppLocale): Promise<void> {
  latestChoice = locale
  if (!i18n.global.availableLocales.includes(locale)) {
    const load = loaders[`./locales/${locale}.json`]
    if (!load) throw new Error(`No messages for locale ${locale}`)
    i18n.global.setLocaleMessage(locale, (await load()).default)
  }
  if (latestChoice !== locale) return
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}
