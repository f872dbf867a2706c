// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type * as I18n from '.'

/** A fresh module each time, so zh-Hant's messages are not loaded yet and its load takes a turn. */
async function freshI18n(): Promise<typeof I18n> {
  vi.resetModules()
  return import('.')
}

describe('setLocale', () => {
  beforeEach(() => {
    document.documentElement.lang = ''
  })

  it('keeps the last choice when an earlier choice is still loading its messages', async () => {
    const { i18n, setLocale } = await freshI18n()
    const slow = setLocale('zh-Hant') // loads zh-Hant.json first
    const fast = setLocale('en') // bundled: set at once
    await Promise.all([slow, fast])
    expect(i18n.global.locale.value).toBe('en')
    expect(document.documentElement.lang).toBe('en')
  })

  it('switches once the messages of the chosen locale are loaded', async () => {
    const { i18n, setLocale } = await freshI18n()
    await setLocale('zh-Hans')
    expect(i18n.global.locale.value).toBe('zh-Hans')
    expect(i18n.global.t('room.seats.noCandidate')).not.toBe('no candidate')
    expect(document.documentElement.lang).toBe('zh-Hans')
  })
})
