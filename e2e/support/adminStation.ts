import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { expect, test as base } from '@playwright/test'
import type { ApiMethod, ApiOutput } from '../../electron/core/api/contract'
import { bankSchema } from '../../electron/core/bank/schema'
import { generateAuthorityKeys } from '../../electron/core/package/authorityKeys'
import { buildPackage } from '../../electron/core/package/examPackage'
import { startBrowserHost, type BrowserHost } from '../../electron/host/browserHost'
import { apiCall } from '../../electron/host/testing/httpClient'
import { E2E_CLOCK_START_MS } from './examClock'
import { unexpectedPageProblems, watchPageProblems } from './pageProblems'

/**
 * The staff suites' station: the real browser host on a test clock, like the candidate suite's, but starting as a
 * new station does (not set up, no exam), and a temp folder standing in for the USB stick, mounted in the one mount
 * folder the station's Export page looks in. Secrets here protect only throw-away stations.
 */
export const ADMIN_PASSWORD = 'e2e admin password'
export const PROCTOR_PIN = '135790'
export const START_PASSWORD = 'open sesame 2026'
export const REFERENCE_ANSWER = 'Listen first, then restate the problem in the customer’s words.'
export const SHORT_ANSWER_STEM = 'What do you do first when a customer calls with a fault?'

/** A small exam, so the specs stay fast: the short answer first, then one choice question. */
export const e2eBank = bankSchema.parse({
  format: 'invigil-bank/1',
  id: 'e2e-staff-demo',
  title: 'Customer service check',
  language: 'en',
  duration_minutes: 10,
  sections: [
    {
      id: 'written',
      title: 'Written',
      items: [
        { id: 'sa1', type: 'short_answer', stem: SHORT_ANSWER_STEM, points: 5, reference_answer: REFERENCE_ANSWER },
        {
          id: 'q1',
          type: 'single',
          stem: 'Which channel is logged?',
          points: 1,
          options: { A: 'Phone', B: 'Every channel' },
          key: 'B',
        },
      ],
    },
  ],
})

/** The exam authority that signs the package; its public key is what the station trusts. */
export const authority = generateAuthorityKeys()

export const examPackage = (password?: string): Promise<string> =>
  buildPackage({
    bank: e2eBank,
    authorityPrivateKeyPem: authority.privateKeyPem,
    now: new Date(),
    ...(password ? { password } : {}),
  })

export const ROSTER_CSV = 'candidate_id,name,extra_minutes\r\nC-001,Chan Tai Man,\r\nC-002,Lam Siu Mei,15\r\n'
/** The same roster with line 3 broken: no name. */
export const ROSTER_WITH_BAD_ROW = 'candidate_id,name,extra_minutes\r\nC-001,Chan Tai Man,\r\nC-002,,15\r\n'

/** An API call as the page would make it, for setting a station up quickly; fails the test on an error. */
export async function api<M extends ApiMethod>(station: BrowserHost, method: M, input: unknown): Promise<ApiOutput<M>> {
  const body = (await apiCall(station.url, method, input)).json() as {
    ok: boolean
    value?: unknown
    error?: { code: string; message: string }
  }
  if (!body.ok) throw new Error(`${method}: ${body.error?.code ?? '?'} ${body.error?.message ?? ''}`)
  return body.value as ApiOutput<M>
}

/** A station set up, with the e2e exam installed and (unless told otherwise) the roster imported. */
export async function seedStation(station: BrowserHost, options: { roster?: boolean } = {}): Promise<void> {
  await api(station, 'admin.setup', {
    adminPassword: ADMIN_PASSWORD,
    proctorPin: PROCTOR_PIN,
    authorityPublicKeyPem: authority.publicKeyPem,
  })
  const { token } = await api(station, 'admin.login', { password: ADMIN_PASSWORD })
  await api(station, 'admin.installPackage', { token, packageText: await examPackage() })
  if (options.roster !== false) await api(station, 'admin.importRoster', { token, csvText: ROSTER_CSV })
  await api(station, 'admin.logout', { token })
}

/** The stick's volume name, as the Export page lists it. */
export const USB_LABEL = 'E2E-STICK'

/** As the candidate suite's fixture: a console error or warning, or a failed load, fails the test (see fixtures.ts). */
export const test = base.extend<{ station: BrowserHost; usb: string; expectedPageProblems: RegExp[] }>({
  expectedPageProblems: [[], { option: true }],
  // Depends on the station so it is checked before the station closes: the page's polling then fails, harmlessly.
  page: async ({ page, station, expectedPageProblems }, use) => {
    void station
    const problems = watchPageProblems(page)
    await use(page)
    expect(unexpectedPageProblems(problems, expectedPageProblems), 'console errors, warnings and failed loads').toEqual(
      [],
    )
  },
  station: async ({ usb }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'invigil-e2e-staff-'))
    const host = await startBrowserHost({
      dataDir,
      port: 0,
      passphrase: 'e2e station passphrase',
      rendererDir: resolve(import.meta.dirname, '../../out/renderer'),
      clock: 'manual',
      clockStartMs: E2E_CLOCK_START_MS,
      exportTargetRoots: [dirname(usb)],
    })
    await use(host)
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  },
  // Playwright reads a fixture's dependencies from this destructuring; this one has none.
  // eslint-disable-next-line no-empty-pattern
  usb: async ({}, use) => {
    const mounts = mkdtempSync(join(tmpdir(), 'invigil-e2e-media-'))
    const stick = join(mounts, USB_LABEL)
    mkdirSync(stick)
    await use(stick)
    rmSync(mounts, { recursive: true, force: true })
  },
})

export { expect }
