import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium'

export { CHROMIUM_PATH } from './e2e/support/chromium'

export default defineConfig({
  testDir: 'e2e',
  // Catches hangs only: the 35-item paper takes ~45 s on an idle 2-core machine and past 180 s at a load of 15.
  timeout: 600_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: {
    browserName: 'chromium',
    // Partial raster repaints only the damaged part of a tile, and the edges of rounded corners then come out a shade
    // different from run to run; whole-tile raster makes the screenshots byte-identical.
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--disable-partial-raster'] },
    // The renderer shows wall-clock times in the browser's zone: fixed, so screens and screenshots match on any machine.
    timezoneId: 'Asia/Taipei',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})
