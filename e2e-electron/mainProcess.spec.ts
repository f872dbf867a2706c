import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { expect, test } from '@playwright/test'
import { parse } from 'yaml'
import { APP_CSP, APP_ENTRY_URL } from '../electron/core/kiosk/appAssets'
import { exitPolicy } from '../electron/core/kiosk/exitPolicy'
import type { ExitState } from '../electron/core/kiosk/exitPolicy'
import { launchMainUnderDouble, MAIN_BUNDLE, PRELOAD_BUNDLE, ROOT } from './double/launchMain'
import type { FreshScenario, LiveSessionScenario, MainRun, Scenario } from './double/launchMain'

// A smoke test of the BUILT main process (out/main/index.js) and preload (out/preload/index.cjs) under plain Node,
// against a recording double of the `electron` module (double/electron.mjs). It proves our bundle loads and our
// composition root wires the station, IPC, window, guards and demo exams as written; it cannot prove what Electron
// does with them. That is kioskApp.spec.ts, which needs an Electron binary.

const API_CHANNEL = 'invigil:api' // electron/core/api/ipcChannel.ts, which main and preload each bundle; both bundles are checked
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
const bankIds = readdirSync(join(ROOT, 'banks'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => (parse(readFileSync(join(ROOT, 'banks', name), 'utf8')) as { id: string }).id)
  .sort()

/** The kiosk's exit verdict now for `sessionState`, no proctor unlock: what the guard must do with a close. */
const exitVerdict = (sessionState: ExitState['sessionState']): string =>
  exitPolicy({ kiosk: true, sessionState, unlockedAtMs: null, nowMs: Date.now() }).decision

const BUILD_FIRST = 'out/ is missing or incomplete: run `npx electron-vite build` first'

async function run<S>(scenario: Scenario): Promise<MainRun<S>> {
  expect(existsSync(MAIN_BUNDLE) && existsSync(PRELOAD_BUNDLE), BUILD_FIRST).toBe(true)
  const started = await launchMainUnderDouble<S>(scenario)
  try {
    await test.info().attach('main process log', { body: started.stderr, contentType: 'text/plain' })
    expect(started.report.harnessError).toBeUndefined()
    expect(started.report.exitCodes, 'start() failed and called app.exit').toEqual([])
    expect(started.report.started, 'the main process opened no window').toBe(true)
    return started
  } catch (error) {
    started.dispose()
    throw error
  }
}

test.describe('the built main process against an Electron double', () => {
  test('first start: locked window, guarded session, API over IPC for the app page only, demo exams ready', async () => {
    const { report, dataDir, dispose } = await run<FreshScenario>('fresh')
    try {
      const { log, window: win, scenario } = report
      const before = (first: string, second: string): void =>
        expect(log.indexOf(first), `${first} before ${second}`).toBeLessThan(log.indexOf(second))
      const steps = [
        'protocol.registerSchemesAsPrivileged',
        'app.setPath userData',
        'app.ready',
        'protocol.handle app',
        'ipcMain.handle invigil:api',
        'win.loadURL',
      ]
      for (const step of steps) expect(log).toContain(step)
      before('protocol.registerSchemesAsPrivileged', 'app.ready')
      before('app.setPath userData', 'app.ready')
      before('ipcMain.handle invigil:api', 'win.loadURL')
      before('protocol.handle app', 'win.loadURL')
      expect(report.privilegedSchemes).toEqual([
        { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      ])
      expect(report.applicationMenu).toBeNull()
      expect(report.ipcChannels).toEqual([API_CHANNEL])
      expect(report.powerSaveBlockers).toEqual(['prevent-display-sleep'])
      expect(report.userData).toBe(dataDir)
      expect(report.safeStorage.encrypts, 'the master key was wrapped by safeStorage').toBeGreaterThan(0)

      expect(win.count).toBe(1)
      expect(win.options).toMatchObject({ show: false, kiosk: true, fullscreen: true, alwaysOnTop: true })
      expect(win.options.webPreferences).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        devTools: false,
        preload: PRELOAD_BUNDLE,
      })
      expect(win.calls).toEqual(
        expect.arrayContaining([
          ['removeMenu'],
          ['setAlwaysOnTop', true, 'screen-saver'],
          ['setContentProtection', true],
        ]),
      )
      expect(win.loadedUrls).toEqual([APP_ENTRY_URL])

      expect(scenario.ipc.status).toEqual({
        ok: true,
        value: expect.objectContaining({
          transport: 'electron',
          exam: null,
          activeSessionId: null,
          appVersion: version,
        }),
      })
      const setup = scenario.ipc.setupStatus
      expect(setup).toMatchObject({
        ok: true,
        value: {
          setUp: false,
          readiness: { keys: true, storage: true },
          demoAuthority: { keyId: expect.stringMatching(/^[0-9a-f]{16}$/) },
        },
      })
      for (const refused of [scenario.ipc.foreign, scenario.ipc.destroyedFrame])
        expect(refused).toMatchObject({ ok: false, error: { code: 'TRANSPORT_FAILED' } })

      // The demo packages, one per seed bank, signed by the authority the API names.
      const demoDir = join(dataDir, 'demo')
      expect(
        readdirSync(demoDir)
          .filter((name) => name.endsWith('.invigil-pkg'))
          .sort(),
      ).toEqual(bankIds.map((id) => `${id}.invigil-pkg`))
      const manifest = JSON.parse(readFileSync(join(demoDir, 'demo-exams.json'), 'utf8')) as { authorityKeyId: string }
      expect(setup).toMatchObject({ value: { demoAuthority: { keyId: manifest.authorityKeyId } } })

      for (const [permission, answer] of Object.entries(scenario.session.permissions))
        expect(answer, permission).toEqual({ request: [false], check: false })
      expect(scenario.session).toMatchObject({ device: false, downloadPrevented: true })
      expect(scenario.navigation).toEqual({
        prevented: {
          'will-navigate https://evil.example/': true,
          'will-redirect file:///etc/passwd': true,
          'will-navigate app://invigil/review': false,
        },
        windowOpen: { action: 'deny' },
        webviewPrevented: true,
      })
      expect(scenario.appProtocol.index).toMatchObject({ status: 200, csp: APP_CSP })
      expect(scenario.appProtocol.index.body).toMatch(/^<!doctype html>/i)
      expect(scenario.appProtocol.traversal).toMatchObject({ status: 403, csp: APP_CSP })
      expect(scenario.devtoolsClosed).toEqual([['closeDevTools']])
      expect(scenario.input).toEqual({ f5Blocked: true, ctrlRBlocked: true, pageDownBlocked: false })

      // Nobody checked in: the guard holds the close only to decide, then quits; the quit it started goes through.
      expect(exitVerdict(null)).toBe('allow')
      expect(scenario.close).toEqual({ prevented: true, quitRequested: true })
      expect(scenario.beforeQuitAfterClose).toEqual({ prevented: false, quitRequested: false })
    } finally {
      dispose()
    }
  })

  test('a checked-in candidate holds close and quit, logged for the proctor, until a proctor unlocks exit', async () => {
    const { report, dispose } = await run<LiveSessionScenario>('live-session')
    try {
      const { scenario } = report
      expect(scenario.demoExams.map((exam) => exam.bankId).sort()).toEqual(bankIds)
      expect(scenario.installed.examId).toBe(scenario.installed.bankId)
      expect(scenario.status.exam?.id).toBe(scenario.installed.bankId)
      expect(scenario.status.activeSessionId).toMatch(/\S/)
      expect(scenario.sessionState).toBe('checked_in')
      expect(exitVerdict('checked_in')).toBe('refuse')
      expect(scenario.held).toEqual({
        close: { prevented: true, quitRequested: false },
        quit: { prevented: true, quitRequested: false },
        f5Blocked: true,
      })
      // The check-in ran the environment checks, as a proctor's start does (core/api/sessionAdmission.ts).
      const [checks, ...escapes] = scenario.incidents
      expect(checks?.type).toBe('environment_check')
      expect(escapes.map((incident) => incident.detail)).toEqual([
        expect.stringMatching(/close of the app was refused: a session is checked_in/),
        expect.stringMatching(/quit of the app was refused: a session is checked_in/),
        expect.stringMatching(/^F5 was blocked/),
      ])
      expect(new Set(escapes.map((incident) => incident.type))).toEqual(new Set(['escape_attempt']))
      expect(scenario.afterUnlock).toEqual({ prevented: true, quitRequested: true })
    } finally {
      dispose()
    }
  })

  test('the preload exposes one frozen object with one call function over the one channel, and requires only electron', async () => {
    const exposed: Record<string, unknown> = {}
    const invoked: unknown[][] = []
    const required: string[] = []
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, value: 'answered' })),
      },
    }
    // A sandboxed preload gets a require() that knows only a few modules; this one knows only 'electron'.
    const sandboxRequire = (id: string): unknown => {
      required.push(id)
      if (id === 'electron') return electron
      throw new Error(`a sandboxed preload cannot require ${id}`)
    }
    expect(existsSync(PRELOAD_BUNDLE), BUILD_FIRST).toBe(true)
    runInNewContext(
      readFileSync(PRELOAD_BUNDLE, 'utf8'),
      { require: sandboxRequire, module: { exports: {} }, exports: {} },
      { filename: PRELOAD_BUNDLE },
    )
    expect(required).toEqual(['electron'])
    expect(Object.keys(exposed)).toEqual(['invigil'])
    const bridge = exposed.invigil as { call(method: string, input: unknown): Promise<unknown> }
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(Object.keys(bridge)).toEqual(['call'])
    await expect(bridge.call('station.status', {})).resolves.toEqual({ ok: true, value: 'answered' })
    expect(invoked).toEqual([[API_CHANNEL, 'station.status', {}]])
  })
})
