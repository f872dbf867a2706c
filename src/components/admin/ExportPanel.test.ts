// @vitest-environment jsdom
import type { ExportJob, ExportTarget } from '@contract'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { useAdminStore } from '../../stores/admin'
import { StaffStation } from '../../testing/staffStation'
import { setUpTestApp } from '../../testing/testApp'
import ExportPanel from './ExportPanel.vue'

afterEach(() => {
  document.body.innerHTML = ''
})

const TOKEN = 'x'.repeat(43)
const stick: ExportTarget = {
  path: '/media/proctor/KINGSTON',
  label: 'KINGSTON',
  writable: true,
  freeBytes: 14_237_000_000,
}
const locked: ExportTarget = {
  path: '/media/proctor/LOCKED',
  label: 'LOCKED',
  writable: false,
  freeBytes: 2_000_000_000,
}
const finishedJob = (outDir: string, files: ExportJob['files'] = []): ExportJob => ({
  jobId: `job_${'0'.repeat(24)}`,
  state: 'finished',
  outDir,
  total: files.length,
  done: files.length,
  files,
  failures: [],
  startedAt: '2026-11-23T09:00:00.000Z',
  finishedAt: '2026-11-23T09:00:01.000Z',
})

async function openPanel(sticks: () => ExportTarget[], files: ExportJob['files'] = []) {
  const station = new StaffStation()
  station.on('admin.exportTargets', () => sticks())
  station.on('admin.exportBundles', ({ outDir }) => finishedJob(outDir, files))
  const { plugins } = setUpTestApp(station)
  useAdminStore().token = TOKEN
  const view = mount(ExportPanel, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return { station, view }
}

const targetButtons = (view: Awaited<ReturnType<typeof openPanel>>['view']) =>
  view.findAll('[data-testid="export-targets"] li button')

describe('choosing the USB stick to export to', () => {
  it('lists the sticks with their path and free space; choosing one fills the folder and exports there', async () => {
    const { station, view } = await openPanel(() => [stick, locked])
    expect(station.callsOf('admin.exportTargets')).toEqual([{ token: TOKEN }])
    expect(view.get('[data-testid="export-targets"]').attributes('aria-labelledby')).toBe('export-targets-title')
    expect(targetButtons(view).map((button) => button.text())).toEqual([
      'KINGSTON /media/proctor/KINGSTON 14.2 GB free',
      'LOCKED /media/proctor/LOCKED Read-only: cannot be chosen',
    ])
    expect(view.get('[role="status"]').text()).toBe('2 drives found: choose one to export to it.')

    await targetButtons(view)[1]?.trigger('click')
    expect(targetButtons(view)[1]?.attributes('aria-disabled')).toBe('true')
    expect(view.get<HTMLInputElement>('#export-folder').element.value).toBe('')

    await targetButtons(view)[0]?.trigger('click')
    expect(view.get<HTMLInputElement>('#export-folder').element.value).toBe(stick.path)
    expect(targetButtons(view).map((button) => button.attributes('aria-pressed'))).toEqual(['true', 'false'])
    // The folder field stays editable: another folder typed there is no longer the stick.
    await view.get('#export-folder').setValue('/home/proctor/results')
    expect(targetButtons(view)[0]?.attributes('aria-pressed')).toBe('false')

    await targetButtons(view)[0]?.trigger('click')
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(station.callsOf('admin.exportBundles')).toEqual([{ token: TOKEN, outDir: stick.path }])
    view.unmount()
  })

  it('says what to do when no stick is found, and finds one plugged in after Look again', async () => {
    let sticks: ExportTarget[] = []
    const { station, view } = await openPanel(() => sticks)
    expect(view.find('[data-testid="export-targets"]').exists()).toBe(false)
    expect(view.get('[role="status"]').text()).toBe(
      'No USB stick found: plug one in and choose Look again, or type a folder below.',
    )

    sticks = [stick]
    const lookAgain = view.findAll('button').find((button) => button.text() === 'Look again')
    await lookAgain?.trigger('click')
    await flushPromises()
    expect(station.callsOf('admin.exportTargets')).toHaveLength(2)
    expect(targetButtons(view).map((button) => button.text())).toEqual([
      'KINGSTON /media/proctor/KINGSTON 14.2 GB free',
    ])
    expect(view.get('[role="status"]').text()).toBe('1 drive found: choose one to export to it.')
    view.unmount()
  })
})

describe('the export summary', () => {
  const exported = (sessionId: string, encrypted: boolean): ExportJob['files'][number] => ({
    sessionId,
    candidateId: `C-${sessionId}`,
    file: `${stick.path}/${sessionId}.${encrypted ? 'jwe' : 'jws'}`,
    sha256: 'ab'.repeat(32),
    pendingManual: 0,
    encrypted,
  })

  async function summaryAfterExport(files: ExportJob['files']): Promise<string> {
    const { view } = await openPanel(() => [stick], files)
    await targetButtons(view)[0]?.trigger('click')
    await view.get('form').trigger('submit')
    await flushPromises()
    const text = view.get('.export-progress p[aria-live]').text()
    view.unmount()
    return text
  }

  it('says how many files were encrypted to the exam authority, and nothing of it for plain bundles', async () => {
    expect(await summaryAfterExport([exported('s1', true), exported('s2', true)])).toBe(
      'Export finished: 2 files written. 2 of them encrypted to the exam authority: only its key opens them.',
    )
    expect(await summaryAfterExport([exported('s3', false)])).toBe('Export finished: 1 file written.')
  })
})

describe('removing exported sessions', () => {
  it('asks first, with the confirmation in the destructive style, and purges only when confirmed', async () => {
    const { station, view } = await openPanel(() => [stick])
    station.on('admin.purgeExported', () => ({ purged: 1, skipped: 0 }))
    const opener = view.findAll('button').find((button) => button.text() === 'Remove exported sessions…')
    expect(opener?.classes()).toContain('danger')
    await opener?.trigger('click')
    const dialog = document.querySelector<HTMLElement>('[role="dialog"]')
    const confirm = [...(dialog?.querySelectorAll('button') ?? [])].find(
      (button) => button.textContent?.trim() === 'Remove them',
    )
    expect(confirm?.classList.contains('danger')).toBe(true)
    expect(station.callsOf('admin.purgeExported')).toEqual([])
    confirm?.click()
    await flushPromises()
    expect(station.callsOf('admin.purgeExported')).toEqual([{ token: TOKEN, confirm: true }])
    expect(view.text()).toContain('Removed 1 session.')
    view.unmount()
  })
})
