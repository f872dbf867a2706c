import { describe, expect, it } from 'vitest'
import { pickLocale } from '.'

describe('pickLocale', () => {
  it('maps Simplified Chinese tags to zh-Hans', () => {
    expect(pickLocale(['zh-CN'])).toBe('zh-Hans')
    expect(pickLocale(['zh-Hans-SG'])).toBe('zh-Hans')
  })
  it('maps other Chinese tags to zh-Hant', () => {
    expect(pickLocale(['zh-TW'])).toBe('zh-Hant')
    expect(pickLocale(['zh-Hant'])).toBe('zh-Hant')
    expect(pickLocale(['zh-HK'])).toBe('zh-Hant')
  })
  it('takes the first supported preference and falls back to zh-Hant', () => {
    expect(pickLocale(['fr-FR', 'en-GB', 'zh-CN'])).toBe('en')
    expect(pickLocale(['fr-FR'])).toBe('zh-Hant')
  })
})
