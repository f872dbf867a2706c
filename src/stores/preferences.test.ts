// @vitest-environment jsdom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import { STORAGE_KEY, usePreferencesStore } from './preferences'

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('preferences store', () => {
  it('lets the exam language pick the default until the candidate chooses one', async () => {
    const preferences = usePreferencesStore()
    await preferences.hydrate()
    await preferences.followExamLanguage('zh-Hant')
    expect(i18n.global.locale.value).toBe('zh-Hant')
    expect(document.documentElement.lang).toBe('zh-Hant')

    await preferences.chooseLocale('en')
    await preferences.followExamLanguage('zh-CN')
    expect(i18n.global.locale.value).toBe('en')
  })

  it('keeps the admin console in its language when an exam is installed, and the candidate screens follow the exam', async () => {
    const preferences = usePreferencesStore()
    await preferences.hydrate()
    await preferences.followExamLanguage('en')
    preferences.enterStaffScreen()
    await preferences.followExamLanguage('zh-Hant')
    expect(i18n.global.locale.value).toBe('en')
    await preferences.leaveStaffScreen()
    expect(i18n.global.locale.value).toBe('zh-Hant')
    expect(preferences.chosenLocale).toBeNull()

    // A language someone picked on this station wins over the exam's, on the candidate screens too.
    await preferences.chooseLocale('zh-Hans')
    preferences.enterStaffScreen()
    await preferences.followExamLanguage('en-GB')
    await preferences.leaveStaffScreen()
    expect(i18n.global.locale.value).toBe('zh-Hans')
  })

  it('keeps choices across a reload, in localStorage', async () => {
    const preferences = usePreferencesStore()
    await preferences.chooseLocale('zh-Hans')
    preferences.stepFont(1)
    preferences.stepFont(1)
    preferences.setHighContrast(true)

    setActivePinia(createPinia())
    const reloaded = usePreferencesStore()
    await reloaded.hydrate()
    expect(reloaded.chosenLocale).toBe('zh-Hans')
    expect(reloaded.fontScale).toBe(150)
    expect(reloaded.highContrast).toBe(true)
    expect(document.documentElement.style.fontSize).toBe('150%')
    expect(document.documentElement.dataset.contrast).toBe('high')
  })

  it('steps text size between 100 % and 200 % and no further', () => {
    const preferences = usePreferencesStore()
    for (let i = 0; i < 10; i++) preferences.stepFont(1)
    expect(preferences.fontScale).toBe(200)
    for (let i = 0; i < 10; i++) preferences.stepFont(-1)
    expect(preferences.fontScale).toBe(100)
  })

  it('falls back to defaults when the stored value is damaged or foreign', async () => {
    localStorage.setItem(STORAGE_KEY, '{"locale":"fr","fontScale":900,"highContrast":"yes"')
    const preferences = usePreferencesStore()
    await preferences.hydrate()
    expect([preferences.chosenLocale, preferences.fontScale, preferences.highContrast]).toEqual([null, 100, false])
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ locale: 'fr', fontScale: 900, highContrast: 'yes' }))
    await preferences.hydrate()
    expect([preferences.chosenLocale, preferences.fontScale, preferences.highContrast]).toEqual([null, 100, false])
  })
})
