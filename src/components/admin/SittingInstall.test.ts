// @vitest-environment jsdom
import type { AdminOverview, InstalledSittingView } from '@contract'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { useAdminStore } from '../../stores/admin'
import { StaffStation } from '../../testing/staffStation'
import { setUpTestApp } from '../../testing/testApp'
import SittingInstall from './SittingInstall.vue'

afterEach(() => {
  document.body.innerHTML = ''
})

const TOKEN = 'x'.repeat(43)
const sitting: InstalledSittingView = {
  sittingId: 'mock-2026-11',
  title: 'Mock exam, room 101',
  window: { opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-23T12:00:00+08:00' },
  exams: [{ id: 'tiny', title: '小測驗' }],
  candidates: 3,
  seats: 5,
  roomAddress: '192.168.10.5:8443',
  installedAt: '2026-11-20T08:00:00.000Z',
}
const overview = (installed: InstalledSittingView | null): AdminOverview => ({
  stationId: '0123456789abcdef',
  exam: null,
  sitting: installed,
  authorities: [],
  roster: null,
  sessionCounts: {},
  demo: null,
})

async function pickFile(view: ReturnType<typeof mount>, text: string): Promise<void> {
  const input = view.get<HTMLInputElement>('#sitting-file')
  // jsdom's File has no text(): the picked file is what readPickedFile reads from it.
  const file = { name: 'mock.sitting', text: () => Promise.resolve(text) }
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

describe('installing a sitting file in the admin console', () => {
  it('sends the picked file, says what was installed and shows the installed sitting', async () => {
    let installed: InstalledSittingView | null = null
    const station = new StaffStation()
      .on('admin.overview', () => overview(installed))
      .on('admin.installSitting', ({ sittingText }) => {
        installed = sitting
        return { sitting: { ...sitting, title: sittingText === 'signed' ? sitting.title : '?' }, installed: true }
      })
    const { plugins } = setUpTestApp(station)
    useAdminStore().token = TOKEN
    const view = mount(SittingInstall, { global: { plugins }, attachTo: document.body })
    expect(view.find('dl').exists()).toBe(false)
    expect(view.get('button[type=submit]').attributes('disabled')).toBeDefined()

    await pickFile(view, 'signed')
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(view.get('[role=status]').text()).toBe('Installed sitting Mock exam, room 101 (mock-2026-11).')
    expect(view.get('dl').text()).toContain('3 candidates, 5 seats')
    expect(view.get('dl').text()).toContain('192.168.10.5:8443')
  })

  it('lists every exam of a sitting of several, each with its title', async () => {
    const exams = [
      { id: 'tiny', title: '小測驗' },
      { id: 'tiny-b', title: 'Tiny exam B' },
    ]
    const station = new StaffStation().on('admin.overview', () => overview({ ...sitting, exams }))
    const { plugins } = setUpTestApp(station)
    useAdminStore().token = TOKEN
    await useAdminStore().refreshOverview()
    const view = mount(SittingInstall, { global: { plugins }, attachTo: document.body })
    await flushPromises()
    expect(view.text()).toContain('Exams')
    expect(view.findAll('[data-testid=sitting-exam]').map((dd) => dd.text())).toEqual([
      '小測驗 (tiny)',
      'Tiny exam B (tiny-b)',
    ])
  })

  it('shows a refusal in words, not as a code', async () => {
    const station = new StaffStation().on('admin.installSitting', () => ({
      code: 'SITTING_NOT_FOR_STATION',
      message: 'for other stations',
    }))
    const { plugins } = setUpTestApp(station)
    useAdminStore().token = TOKEN
    const view = mount(SittingInstall, { global: { plugins }, attachTo: document.body })
    await pickFile(view, 'signed')
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(view.text()).toContain('This sitting is for other stations, not this one.')
    expect(view.find('[role=status]').exists()).toBe(false)
  })
})
