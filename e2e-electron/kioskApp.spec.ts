import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import type { ElectronApplication, Page } from '@playwright/test'
import { CERTIFICATION_TITLE, setUpWithSeedExam } from '../e2e/support/seedExamSetup'
import { findElectronBinary, SKIP_MESSAGE } from './electronBinary'

const ROOT = resolve(import.meta.dirname, '..')
const binary = findElectronBinary()

interface Probe {
  keys: string[]
  marker?: string
}
const probe = (page: Page): Promise<Probe> => page.evaluate(() => (window as unknown as { __probe: Probe }).__probe)

// The real app (out/, built by `npm run test:e2e`) in kiosk mode, in a throw-away data directory.
test.describe('the kiosk app', () => {
  test.skip(!binary.ok, SKIP_MESSAGE)
  test.describe.configure({ mode: 'serial' })

  let app: ElectronApplication
  let page: Page
  let dataDir: string

  test.beforeAll(async () => {
    if (!binary.ok) return
    dataDir = mkdtempSync(join(tmpdir(), 'invigil-electron-'))
    app = await electron.launch({
      executablePath: binary.path,
      args: [ROOT],
      cwd: ROOT,
      // English, as the flows' names are: Electron takes its locale from LANG on Linux.
      env: { ...process.env, LANG: 'en_US.UTF-8', INVIGIL_KIOSK: '1', INVIGIL_USER_DATA_DIR: dataDir },
    })
    page = await app.firstWindow()
  })

  test.afterAll(async () => {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('serves the renderer from app://invigil and shows the station home', async () => {
    expect(page.url()).toMatch(/^app:\/\/invigil\//)
    await expect(page).toHaveTitle('Invigil')
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Invigil')
    await expect(page.locator('[data-screen-heading]')).toBeVisible()
  })

  test('locks the window: kiosk, always on top, no menu, no devtools', async () => {
    const state = await app.evaluate(({ BrowserWindow }) => {
      const [win] = BrowserWindow.getAllWindows()
      if (!win) return null
      win.webContents.openDevTools()
      return {
        kiosk: win.isKiosk(),
        onTop: win.isAlwaysOnTop(),
        menuBar: win.isMenuBarVisible(),
        devtools: win.webContents.isDevToolsOpened(),
      }
    })
    expect(state).toEqual({ kiosk: true, onTop: true, menuBar: false, devtools: false })
  })

  test('swallows Ctrl+R, F5 and F12, keeps the page, and lets the exam keys through', async () => {
    await page.evaluate(() => {
      const state: Probe = { keys: [], marker: 'still here' }
      ;(window as unknown as { __probe: Probe }).__probe = state
      window.addEventListener(
        'keydown',
        (event) => state.keys.push(`${event.ctrlKey ? 'Ctrl+' : ''}${event.altKey ? 'Alt+' : ''}${event.code}`),
        true,
      )
    })
    for (const key of ['Control+KeyR', 'F5', 'F12', 'Control+Shift+KeyI', 'Alt+KeyN', 'PageDown', 'Digit2'])
      await page.keyboard.press(key)
    await page.waitForTimeout(500)
    const seen = await probe(page)
    expect(seen.marker).toBe('still here')
    expect(seen.keys).toEqual(['Alt+KeyN', 'PageDown', 'Digit2'])
  })

  // npm start's promise: a development build offers the seed exams, installed through the signed-package path.
  test('first start: sets up trusting the demo authority and installs a seed exam', async () => {
    await setUpWithSeedExam(page, CERTIFICATION_TITLE)
  })
})
