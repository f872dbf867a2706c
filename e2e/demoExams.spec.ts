import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, expect } from '@playwright/test'
import { startBrowserHost, type BrowserHost } from '../electron/host/browserHost'
import { api } from './support/adminStation'
import { expectAccessible } from './support/adminUi'
import { unexpectedPageProblems, watchPageProblems } from './support/pageProblems'
import { CERTIFICATION_TITLE, setUpWithSeedExam } from './support/seedExamSetup'

const ROOT = resolve(import.meta.dirname, '..')

/** A new station on a development build (`invigil host --demo`, as `npm start` does): the seed exams on offer. */
const test = base.extend<{ station: BrowserHost }>({
  // As the shared fixtures: a console error or warning, or a failed load, fails the test (checked before the station closes).
  page: async ({ page, station }, use) => {
    void station
    const problems = watchPageProblems(page)
    await use(page)
    expect(unexpectedPageProblems(problems, []), 'console errors, warnings and failed loads').toEqual([])
  },
  // eslint-disable-next-line no-empty-pattern
  station: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'invigil-e2e-demo-'))
    const host = await startBrowserHost({
      dataDir,
      port: 0,
      passphrase: 'e2e station passphrase',
      rendererDir: join(ROOT, 'out/renderer'),
      demo: { dir: join(dataDir, 'demo'), banksDir: join(ROOT, 'banks') },
      clock: 'manual',
    })
    await use(host)
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  },
})

test('first start of a development build: trust the demo authority at setup, install a seed exam, check in', async ({
  page,
  station,
}) => {
  await page.goto(station.url)
  await setUpWithSeedExam(page, CERTIFICATION_TITLE)
  await expectAccessible(page, 'the station home with a seed exam')

  // The installed exam is the signed package of banks/, delivered without its keys like any other.
  const status = await api(station, 'station.status', {})
  expect(status.exam).toMatchObject({ id: 'it-customer-service-certification-2026', itemCount: 35 })
  expect(station.runtime.installedExam()?.source).toBe(
    `package it-customer-service-certification-2026, authority ${station.demoExams?.authority.keyId ?? '?'}`,
  )
})

test('installing an exam leaves the admin console in its language; the candidate screens then follow the exam', async ({
  page,
  station,
}) => {
  await page.goto(station.url)
  await setUpWithSeedExam(page, CERTIFICATION_TITLE, { chooseEnglish: false })
  // No one picked a language: the console, opened in the browser's English, stays English after a zh-Hant install.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { name: 'Administration', exact: true })).toBeVisible()
  await expectAccessible(page, 'the console after installing a zh-Hant exam')

  await page.getByRole('button', { name: 'Back to the station' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant')
  await expect(page.getByRole('button', { name: '報到' })).toBeVisible()
  await expectAccessible(page, 'the station home in the exam language')
})
