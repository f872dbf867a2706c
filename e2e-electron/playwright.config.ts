import { resolve } from 'node:path'
import { defineConfig } from '@playwright/test'
import { CHROMIUM_PATH } from '../playwright.config'

/**
 * The real app under Playwright's `_electron` (kioskApp.spec.ts), skipped with a visible message where no Electron
 * binary is installed; plus, running everywhere, the app:// protocol's responses checked in Debian's Chromium
 * (appProtocol.spec.ts) and the built main process and preload started against an Electron double
 * (mainProcess.spec.ts). `npm run test:e2e:electron`, after `electron-vite build`.
 */
export default defineConfig({
  testDir: '.',
  timeout: 60_000,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  globalSetup: './globalSetup.ts',
  outputDir: resolve(import.meta.dirname, '../test-results/e2e-electron'),
  reporter: [['list'], ['json', { outputFile: resolve(import.meta.dirname, '../reports/e2e-electron.json') }]],
  projects: [
    { name: 'electron', testMatch: 'kioskApp.spec.ts' },
    // The built main process and preload under plain Node against an Electron double: runs everywhere, no browser.
    { name: 'main-process', testMatch: ['mainProcess.spec.ts', 'roomConsoleApp.spec.ts'] },
    {
      name: 'app-protocol',
      testMatch: 'appProtocol.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] },
      },
    },
  ],
})
