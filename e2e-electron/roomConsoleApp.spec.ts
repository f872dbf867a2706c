import { existsSync, readdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { launchMainUnderDouble, MAIN_BUNDLE } from './double/launchMain'
import type { RoomConsoleScenario } from './double/launchMain'

// The app started as the proctor's room console (`Invigil --room-console URL`), the built main process against the
// Electron double: one plain window on the room's loopback origin, no preload, no IPC, no station opened. What
// Electron itself does with these options stays for kioskApp.spec.ts, which needs the Electron binary.

const BUILD_FIRST = 'out/ is missing: run `npx electron-vite build` first'

test.describe('the app as the room console', () => {
  test('opens the Room screen of the loopback room in a guarded window and opens no station', async () => {
    expect(existsSync(MAIN_BUNDLE), BUILD_FIRST).toBe(true)
    const { report, dataDir, dispose, stderr } = await launchMainUnderDouble<RoomConsoleScenario>('room-console', [
      '--room-console',
      'http://127.0.0.1:4750/',
    ])
    try {
      await test.info().attach('main process log', { body: stderr, contentType: 'text/plain' })
      expect(report.harnessError).toBeUndefined()
      expect(report.exitCodes).toEqual([])
      expect(report.started).toBe(true)
      const { window: win, scenario } = report
      expect(win.count).toBe(1)
      expect(win.loadedUrls).toEqual(['http://127.0.0.1:4750/#room'])
      expect(win.options.webPreferences.preload).toBeUndefined()
      expect(win.options.webPreferences).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
      })
      expect(win.options.kiosk).toBeUndefined()
      // No station: no API channel, and nothing written where a station keeps its data.
      expect(report.ipcChannels).toEqual([])
      expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([])
      expect(scenario.navigation).toEqual({
        prevented: {
          'will-navigate http://127.0.0.1:4750/#room': false,
          'will-navigate http://127.0.0.1:4751/#room': true,
          'will-navigate https://evil.example/': true,
          'will-redirect file:///etc/passwd': true,
          'will-navigate app://invigil/index.html': true,
        },
        windowOpen: { action: 'deny' },
        webviewPrevented: true,
      })
      for (const [permission, answer] of Object.entries(scenario.session.permissions))
        expect(answer, permission).toEqual({ request: [false], check: false })
    } finally {
      dispose()
    }
  })

  test('refuses a room console URL off this PC, with the reason, and opens nothing', async () => {
    expect(existsSync(MAIN_BUNDLE), BUILD_FIRST).toBe(true)
    const { report, dispose, stderr } = await launchMainUnderDouble<RoomConsoleScenario>('room-console', [
      '--room-console',
      'http://192.168.1.20:4750/',
    ])
    try {
      expect(report.started).toBe(false)
      expect(report.exitCodes).toEqual([2])
      expect(stderr).toContain('must name this PC (127.0.0.1, ::1 or localhost), not 192.168.1.20')
    } finally {
      dispose()
    }
  })
})
