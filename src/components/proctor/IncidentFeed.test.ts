// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../../i18n'
import { useProctorStore } from '../../stores/proctor'
import { setUpTestApp } from '../../testing/testApp'
import IncidentFeed from './IncidentFeed.vue'

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
})
