import { execFile } from 'node:child_process'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Starts the BUILT main process (out/main/index.js) under plain Node with `electron` resolved to the recording
 * double (electron.mjs), driven by harness.mjs, and returns the harness's report. Proves our startup and wiring
 * against Electron's API as the double models it; what Electron itself does stays for kioskApp.spec.ts.
 */
export const ROOT = resolve(import.meta.dirname, '../..')
export const MAIN_BUNDLE = join(ROOT, 'out/main/index.js')
export const PRELOAD_BUNDLE = join(ROOT, 'out/preload/index.cjs')
const DOUBLE_DIR = import.meta.dirname
/** The prefix harness.mjs puts before its one report line. */
const REPORT_MARKER = 'ELECTRON_DOUBLE_REPORT '

export type Scenario = 'fresh' | 'live-session' | 'room-console'
type ApiResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } }
interface Closing {
  prevented: boolean
  quitRequested: boolean
}

export interface FreshScenario {
  ipc: Record<'status' | 'setupStatus' | 'foreign' | 'destroyedFrame', ApiResult>
  session: {
    permissions: Record<string, { request: boolean[]; check: boolean }>
    device: unknown
    downloadPrevented: boolean
  }
  navigation: { prevented: Record<string, boolean>; windowOpen: unknown; webviewPrevented: boolean }
  appProtocol: Record<'index' | 'traversal', { status: number; csp: string | null; body: string }>
  devtoolsClosed: unknown[][]
  input: Record<'f5Blocked' | 'ctrlRBlocked' | 'pageDownBlocked', boolean>
  close: Closing
  beforeQuitAfterClose: Closing
}

export interface LiveSessionScenario {
  demoExams: { bankId: string }[]
  installed: { bankId: string; examId: string }
  status: { exam: { id: string } | null; activeSessionId: string | null }
  sessionState: string
  held: { close: Closing; quit: Closing; f5Blocked: boolean }
  incidents: { type: string; detail: string | null }[]
  afterUnlock: Closing
}

export interface RoomConsoleScenario {
  session: FreshScenario['session']
  navigation: FreshScenario['navigation']
}

export interface MainReport<S> {
  started: boolean
  harnessError?: string
  log: string[]
  privilegedSchemes: unknown[]
  applicationMenu: unknown
  ipcChannels: string[]
  exitCodes: number[]
  powerSaveBlockers: string[]
  safeStorage: { encrypts: number; decrypts: number }
  userData: string
  window: {
    options: Record<string, unknown> & { webPreferences: Record<string, unknown> }
    calls: unknown[][]
    loadedUrls: string[]
    count: number
  }
  scenario: S
}

export interface MainRun<S> {
  report: MainReport<S>
  /** The app's own log (refusals, incidents): attached to a failing test. */
  stderr: string
  /** INVIGIL_USER_DATA_DIR: the app's data directory, to look at what it wrote. */
  dataDir: string
  /** Removes the run's temporary directory. */
  dispose(): void
}

const require = createRequire(import.meta.url)

/**
 * The app directory Electron would be started on: package.json and banks/, and better-sqlite3's addon where
 * nativeBinding.ts looks for the Electron build. The double runs under Node, so the Node build stands in for it.
 */
function appDirectory(work: string, electronVersion: string): string {
  const appPath = join(work, 'app')
  const nativeDir = join(appPath, '.native', `electron-${electronVersion}`)
  mkdirSync(nativeDir, { recursive: true })
  copyFileSync(join(ROOT, 'package.json'), join(appPath, 'package.json'))
  cpSync(join(ROOT, 'banks'), join(appPath, 'banks'), { recursive: true })
  const sqlite = dirname(require.resolve('better-sqlite3/package.json'))
  copyFileSync(join(sqlite, 'build/Release/better_sqlite3.node'), join(nativeDir, 'better_sqlite3.node'))
  return appPath
}

/** A clean environment: no ELECTRON_RENDERER_URL, INVIGIL_KIOSK or NODE_OPTIONS from the caller's shell. */
function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const kept = ['PATH', 'SystemRoot', 'TEMP', 'TMP', 'TMPDIR'].filter((name) => process.env[name] !== undefined)
  return { ...Object.fromEntries(kept.map((name) => [name, process.env[name]])), ...extra }
}

/** `argv` goes after the bundle, as Electron passes the app's own arguments. */
export async function launchMainUnderDouble<S>(scenario: Scenario, argv: string[] = []): Promise<MainRun<S>> {
  const work = mkdtempSync(join(tmpdir(), 'invigil-main-double-'))
  const electronVersion = (require('electron/package.json') as { version: string }).version
  const dataDir = join(work, 'data')
  const env = childEnvironment({
    ELECTRON_DOUBLE_APP_PATH: appDirectory(work, electronVersion),
    ELECTRON_DOUBLE_HOME: join(work, 'home'),
    ELECTRON_DOUBLE_VERSION: electronVersion,
    ELECTRON_DOUBLE_SCENARIO: scenario,
    HOME: join(work, 'home'),
    INVIGIL_USER_DATA_DIR: dataDir,
  })
  const importFlag = (file: string): string[] => ['--import', pathToFileURL(join(DOUBLE_DIR, file)).href]
  const args = [...importFlag('register.mjs'), ...importFlag('harness.mjs'), MAIN_BUNDLE, ...argv]
  const dispose = (): void => rmSync(work, { recursive: true, force: true })
  try {
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((done, fail) => {
      execFile(
        process.execPath,
        args,
        { cwd: ROOT, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) => {
          if (error) fail(new Error(`the main process under the double failed: ${error.message}\n${err}`))
          else done({ stdout: out, stderr: err })
        },
      )
    })
    const line = stdout.split('\n').find((candidate) => candidate.startsWith(REPORT_MARKER))
    if (line === undefined) throw new Error(`no report from harness.mjs\nstdout:\n${stdout}\nstderr:\n${stderr}`)
    return { report: JSON.parse(line.slice(REPORT_MARKER.length)) as MainReport<S>, stderr, dataDir, dispose }
  } catch (error) {
    dispose()
    throw error
  }
}
