import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test as base } from '@playwright/test'
import { startBrowserHost, type BrowserHost } from '../electron/host/browserHost'
import { E2E_CLOCK_START_MS } from './support/examClock'
import { unexpectedPageProblems, watchPageProblems } from './support/pageProblems'

/** Only ever protects throw-away stations in temp directories. */
export const E2E_STATION_PASSPHRASE = 'e2e station passphrase'
export const E2E_BANK = resolve(import.meta.dirname, '../banks/it-customer-service-certification-2026.yaml')
export const INTERVIEW_BANK = resolve(import.meta.dirname, '../banks/customer-service-interview-2026.yaml')
/** A markdown bank: a table, highlighted code, formulas and an image (test/fixtures/banks/rich). */
export const RICH_BANK = resolve(import.meta.dirname, '../test/fixtures/banks/rich/rich-items.yaml')

/**
 * Every UI test gets its own station: the real browser host (real SQLite, real encryption) in a fresh temp data
 * directory, with the seed exam installed, serving the built renderer on loopback. The clock is a test clock starting
 * at E2E_CLOCK_START_MS: `app.testClock.advance(ms)` (or POST /__test/clock/advance) moves exam time.
 * `test.use({ bank: INTERVIEW_BANK })` sits the other seed paper. A console error or warning, an uncaught error, a
 * failed load or a 4xx/5xx response on the page fails the test, unless the spec lists it in `expectedPageProblems`.
 */
export const test = base.extend<{ bank: string; app: BrowserHost; expectedPageProblems: RegExp[] }>({
  bank: [E2E_BANK, { option: true }],
  expectedPageProblems: [[], { option: true }],
  // Depends on the station so it is checked before the station closes: the page's polling then fails, harmlessly.
  page: async ({ page, app, expectedPageProblems }, use) => {
    void app
    const problems = watchPageProblems(page)
    await use(page)
    expect(unexpectedPageProblems(problems, expectedPageProblems), 'console errors, warnings and failed loads').toEqual(
      [],
    )
  },
  app: async ({ bank }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'invigil-e2e-'))
    const host = await startBrowserHost({
      dataDir,
      port: 0,
      passphrase: E2E_STATION_PASSPHRASE,
      rendererDir: resolve(import.meta.dirname, '../out/renderer'),
      bank,
      clock: 'manual',
      clockStartMs: E2E_CLOCK_START_MS,
    })
    await use(host)
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  },
})

export { expect }
