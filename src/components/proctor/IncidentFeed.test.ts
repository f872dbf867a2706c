// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../../i18n'
import { useProctorStore } from '../../stores/proctor'
import { setUpTestApp } from '../../testing/testApp'
import IncidentFeed from './IncidentFeed.vue'
import type { IncidentView, OsEventKind } from '@contract'
import { unexpectedLatinWords } from '../../i18n/latinWords'

afterEach(() => {
  i18n.global.locale.value = 'en'
})

const AT = '2026-11-23T01:05:00.000Z'

describe('the incident feed', () => {
  it("says an environment check's outcome in the proctor's language, not the core's English", async () => {
    const { plugins } = setUpTestApp()
    await setLocale('zh-Hant')
    useProctorStore().incidents = [
      {
        seq: 3,
        type: 'environment_check',
        at: AT,
        detail: 'No check failed.',
        environment: { outcome: 'passed', failed: [] },
      },
      {
        seq: 4,
        type: 'environment_check',
        at: AT,
        detail: 'A proctor overrode failed check(s) remote-session, virtual-machine.',
        environment: { outcome: 'overridden', failed: ['remote-session', 'virtual-machine'], reason: '實驗室管理程式' },
      },
      { seq: 5, type: 'escape_attempt', at: AT, detail: 'F5 was blocked: reload.' },
    ]
    const feed = mount(IncidentFeed, { global: { plugins } })
    const details = feed.findAll('.incident-detail').map((detail) => detail.text())
    expect(details).toEqual([
      '沒有未通過的檢查。',
      '監考人員在遠端連線、虛擬機器未通過時仍然開始：實驗室管理程式',
      'F5 was blocked: reload.',
    ])
    feed.unmount()
  })

  it("words what the kiosk noticed in the proctor's language, keeping only the key names in Latin letters", async () => {
    const { plugins } = setUpTestApp()
    const kinds: OsEventKind[] = [
      'blur',
      'focus',
      'minimize',
      'leave-full-screen',
      'suspend',
      'resume',
      'lock-screen',
      'unlock-screen',
      'navigation-denied',
      'window-open-denied',
    ]
    const incidents: IncidentView[] = [
      ...kinds.map((event, index) => ({
        seq: index + 1,
        type: 'focus_lost' as const,
        at: AT,
        detail: 'English from the core',
        kiosk: { event },
      })),
      {
        seq: 20,
        type: 'escape_attempt',
        at: AT,
        detail: 'Alt+F4 was blocked: closing the window would leave the exam.',
        kiosk: { event: 'key-blocked', keys: 'Alt+F4', category: 'close' },
      },
      {
        seq: 21,
        type: 'display_changed',
        at: AT,
        detail: 'A display (1920×1080) was connected; 2 display(s) now attached.',
        kiosk: { event: 'display-added', displayCount: 2 },
      },
      {
        seq: 22,
        type: 'escape_attempt',
        at: AT,
        detail: 'A quit of the app was refused: a session is running.',
        kiosk: { event: 'exit-refused', via: 'quit' },
      },
    ]
    for (const locale of ['zh-Hant', 'zh-Hans'] as const) {
      await setLocale(locale)
      useProctorStore().incidents = incidents
      const feed = mount(IncidentFeed, { global: { plugins } })
      const details = feed.findAll('.incident-detail').map((detail) => detail.text())
      expect(details).toHaveLength(incidents.length)
      for (const detail of details) {
        expect(detail).not.toContain('English')
        expect(unexpectedLatinWords(detail)).toEqual([])
      }
      if (locale === 'zh-Hant') {
        expect(details.slice(-3)).toEqual([
          '已阻止 Alt+F4（關閉視窗）。',
          '接上了一部顯示器；目前共 2 部。',
          '已拒絕結束應用程式。',
        ])
      }
      feed.unmount()
    }
    await setLocale('en')
    useProctorStore().incidents = [
      {
        seq: 30,
        type: 'escape_attempt',
        at: AT,
        detail: null,
        kiosk: { event: 'key-blocked', keys: 'F5', category: 'new' },
      },
    ]
    const feed = mount(IncidentFeed, { global: { plugins } })
    // A category this screen does not know (a newer core) is still said, generically.
    expect(feed.find('.incident-detail').text()).toBe('F5 was blocked (not allowed during the exam).')
    feed.unmount()
  })
})
