import { defineStore } from 'pinia'
import { ref } from 'vue'
import { pickLocale, setLocale as loadLocale, SUPPORTED_LOCALES, type AppLocale } from '../i18n'

/**
 * How the candidate wants the screen: language, text size, contrast. Kept in localStorage so a reload keeps them;
 * these are display choices, never exam data (answers live only in the core).
 */
export const FONT_SCALES = [100, 125, 150, 175, 200] as const
export type FontScale = (typeof FONT_SCALES)[number]
export const STORAGE_KEY = 'invigil.preferences'

interface StoredPreferences {
  /** Null until the candidate picks a language; until then the exam's language decides. */
  locale: AppLocale | null
  fontScale: FontScale
  highContrast: boolean
}

const DEFAULTS: StoredPreferences = { locale: null, fontScale: 100, highContrast: false }

function readStored(): StoredPreferences {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')
    if (raw === null || typeof raw !== 'object') return { ...DEFAULTS }
    const stored = raw as Partial<Record<keyof StoredPreferences, unknown>>
    return {
      locale: SUPPORTED_LOCALES.find((code) => code === stored.locale) ?? null,
      fontScale: FONT_SCALES.find((scale) => scale === stored.fontScale) ?? DEFAULTS.fontScale,
      highContrast: stored.highContrast === true,
    }
  } catch {
    // A damaged or unavailable store means defaults, never a blank screen.
    return { ...DEFAULTS }
  }
}

export const usePreferencesStore = defineStore('preferences', () => {
  const chosenLocale = ref<AppLocale | null>(DEFAULTS.locale)
  const fontScale = ref<FontScale>(DEFAULTS.fontScale)
  const highContrast = ref(DEFAULTS.highContrast)
  /** Where the default comes from when the candidate has not chosen: the exam's language, else the system's. */
  let fallbackTags: readonly string[] = navigator.languages
  /** A staff screen (the admin console) is open: it keeps the language it opened in, whatever exam is installed. */
  let staffScreen = false

  function persist(): void {
    const stored: StoredPreferences = {
      locale: chosenLocale.value,
      fontScale: fontScale.value,
      highContrast: highContrast.value,
    }
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(stored))
    } catch {
      // Private mode or a full disk: the choice still applies for this page.
    }
  }

  function applyDisplay(): void {
    // rem-based styles all follow the root size, so one number scales the whole layout.
    document.documentElement.style.fontSize = `${String(fontScale.value)}%`
    document.documentElement.dataset.fontScale = String(fontScale.value)
    document.documentElement.dataset.contrast = highContrast.value ? 'high' : 'normal'
  }

  async function hydrate(): Promise<void> {
    const stored = readStored()
    chosenLocale.value = stored.locale
    fontScale.value = stored.fontScale
    highContrast.value = stored.highContrast
    applyDisplay()
    await loadLocale(chosenLocale.value ?? pickLocale(fallbackTags))
  }

  async function chooseLocale(locale: AppLocale): Promise<void> {
    chosenLocale.value = locale
    persist()
    await loadLocale(locale)
  }

  /**
   * The exam's language is the candidate screens' default; a language someone picked on this station wins. An admin
   * who installs an exam stays in their language: the exam's applies once the candidate screens are back.
   */
  async function followExamLanguage(language: string): Promise<void> {
    fallbackTags = [language]
    if (chosenLocale.value === null && !staffScreen) await loadLocale(pickLocale(fallbackTags))
  }

  function enterStaffScreen(): void {
    staffScreen = true
  }

  async function leaveStaffScreen(): Promise<void> {
    staffScreen = false
    if (chosenLocale.value === null) await loadLocale(pickLocale(fallbackTags))
  }

  function stepFont(direction: -1 | 1): void {
    const at = FONT_SCALES.indexOf(fontScale.value)
    fontScale.value = FONT_SCALES[Math.min(FONT_SCALES.length - 1, Math.max(0, at + direction))] ?? fontScale.value
    applyDisplay()
    persist()
  }

  function setHighContrast(on: boolean): void {
    highContrast.value = on
    applyDisplay()
    persist()
  }

  /**
   * Back to defaults before the next candidate sits at this station. An open admin console keeps its language; the
   * candidate screens get the exam's when it closes (leaveStaffScreen).
   */
  async function reset(): Promise<void> {
    chosenLocale.value = DEFAULTS.locale
    fontScale.value = DEFAULTS.fontScale
    highContrast.value = DEFAULTS.highContrast
    applyDisplay()
    persist()
    if (!staffScreen) await loadLocale(pickLocale(fallbackTags))
  }

  return {
    chosenLocale,
    fontScale,
    highContrast,
    hydrate,
    chooseLocale,
    followExamLanguage,
    enterStaffScreen,
    leaveStaffScreen,
    stepFont,
    setHighContrast,
    reset,
  }
})
