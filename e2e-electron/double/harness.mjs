// @ts-check
/**
 * Runs inside the child `node --import register.mjs --import harness.mjs out/main/index.js`: waits for the built
 * main process to open its window against the Electron double, then drives it as Electron would (IPC calls from a
 * frame, window and session events) and prints one JSON report line, prefixed by REPORT_MARKER, for
 * mainProcess.spec.ts. ELECTRON_DOUBLE_SCENARIO picks `fresh` (first start, no candidate) or `live-session`.
 */
import { app, fakeEvent, record, session } from './electron.mjs'

// launchMain.ts looks for this prefix.
const REPORT_MARKER = 'ELECTRON_DOUBLE_REPORT '
const API_CHANNEL = 'invigil:api'
const APP_PAGE = 'app://invigil/index.html'
const STARTUP_TIMEOUT_MS = 30_000
const ADMIN_PASSWORD = 'double admin password'
const PROCTOR_PIN = '246802'

/** @typedef {{ ok: true, value: any } | { ok: false, error: { code: string, message: string } }} ApiResult */

/** An IpcMainInvokeEvent as the handler sees it: the calling frame's URL, or no frame (destroyed). */
const invokeEvent = (/** @type {string | null} */ frameUrl) => ({
  sender: record.windows[0]?.webContents,
  senderFrame: frameUrl === null ? null : { url: frameUrl },
  processId: 1,
  frameId: 1,
})

/** @returns {Promise<ApiResult>} */
async function invoke(
  /** @type {string | null} */ frameUrl,
  /** @type {string} */ method,
  /** @type {unknown} */ input,
) {
  const handler = record.ipcHandlers.get(API_CHANNEL)
  if (!handler) throw new Error(`nothing handles ${API_CHANNEL}`)
  return /** @type {ApiResult} */ (await handler(invokeEvent(frameUrl), method, input))
}

/** A call from the app's own page that must succeed; its value. */
async function call(/** @type {string} */ method, /** @type {unknown} */ input) {
  const result = await invoke(APP_PAGE, method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`)
  return result.value
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** The window is the last step before start() awaits the environment check: once it exists, startup is done. */
async function startup() {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (record.windows.length === 0 && record.exitCodes.length === 0 && Date.now() < deadline) await sleep(25)
  return record.windows[0]
}

function windowFacts(/** @type {import('./electron.mjs').BrowserWindow} */ win) {
  return { options: win.options, calls: win.calls, loadedUrls: win.loadedUrls, count: record.windows.length }
}

/** A close of the window, then (a turn later, as the guard defers it) whether the app asked to quit. */
async function closeWindow(
  /** @type {import('./electron.mjs').BrowserWindow} */ win,
  /** @type {'close' | 'before-quit'} */ via,
) {
  const quitsBefore = record.quitCalls
  const event = fakeEvent()
  if (via === 'close') win.emit('close', event)
  else app.emit('before-quit', event)
  await nextTurn()
  return { prevented: event.defaultPrevented, quitRequested: record.quitCalls > quitsBefore }
}

const key = (/** @type {string} */ code, /** @type {Record<string, boolean>} */ modifiers = {}) => ({
  type: 'keyDown',
  key: code,
  code,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  isAutoRepeat: false,
  ...modifiers,
})

function pressKey(
  /** @type {import('./electron.mjs').BrowserWindow} */ win,
  /** @type {ReturnType<typeof key>} */ input,
) {
  const event = fakeEvent()
  win.webContents.emit('before-input-event', event, input)
  return event.defaultPrevented
}

function sessionGuards(/** @type {import('./electron.mjs').BrowserWindow} */ win) {
  const permissions = /** @type {Record<string, unknown>} */ ({})
  const defaultSession = session.defaultSession
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal']) {
    /** @type {boolean[]} */
    const granted = []
    defaultSession.permissionRequestHandler?.(win.webContents, permission, (answer) => granted.push(answer))
    permissions[permission] = {
      request: granted,
      check: defaultSession.permissionCheckHandler?.(win.webContents, permission) ?? 'no handler',
    }
  }
  const download = fakeEvent()
  defaultSession.emit('will-download', download)
  return {
    permissions,
    device: defaultSession.devicePermissionHandler?.({}) ?? 'no handler',
    downloadPrevented: download.defaultPrevented,
  }
}

/** @type {[string, string][]} */
const KIOSK_NAVIGATIONS = [
  ['will-navigate', 'https://evil.example/'],
  ['will-redirect', 'file:///etc/passwd'],
  ['will-navigate', 'app://invigil/review'],
]

function navigation(/** @type {import('./electron.mjs').BrowserWindow} */ win, attempts = KIOSK_NAVIGATIONS) {
  const contents = win.webContents
  /** @type {Record<string, boolean>} */
  const prevented = {}
  for (const [name, url] of attempts) {
    const event = fakeEvent({ url })
    contents.emit(name, event, url)
    prevented[`${name} ${url}`] = event.defaultPrevented
  }
  const webview = fakeEvent()
  contents.emit('will-attach-webview', webview, {}, {})
  return {
    prevented,
    windowOpen: contents.windowOpenHandler?.({ url: 'https://evil.example/' }) ?? 'no handler',
    webviewPrevented: webview.defaultPrevented,
  }
}

async function appProtocol() {
  const handler = record.protocolHandlers.get('app')
  if (!handler) return 'no handler'
  const fetchApp = async (/** @type {string} */ url) => {
    const response = await handler(new Request(url))
    return {
      status: response.status,
      csp: response.headers.get('content-security-policy'),
      body: (await response.text()).slice(0, 200),
    }
  }
  return { index: await fetchApp(APP_PAGE), traversal: await fetchApp('app://invigil/..%2F..%2Fpackage.json') }
}

/** First start, nobody checked in: what the app set up, and a close let through as exitPolicy allows. */
async function freshScenario(/** @type {import('./electron.mjs').BrowserWindow} */ win) {
  const ipc = {
    status: await invoke(APP_PAGE, 'station.status', {}),
    setupStatus: await invoke(APP_PAGE, 'admin.setupStatus', {}),
    foreign: await invoke('https://evil.example/', 'station.status', {}),
    destroyedFrame: await invoke(null, 'station.status', {}),
  }
  const devtools = win.webContents.calls.length
  win.webContents.emit('devtools-opened')
  const input = {
    f5Blocked: pressKey(win, key('F5')),
    ctrlRBlocked: pressKey(win, key('KeyR', { control: true })),
    pageDownBlocked: pressKey(win, key('PageDown')),
  }
  return {
    ipc,
    session: sessionGuards(win),
    navigation: navigation(win),
    appProtocol: await appProtocol(),
    devtoolsClosed: win.webContents.calls.slice(devtools),
    input,
    close: await closeWindow(win, 'close'),
    beforeQuitAfterClose: await closeWindow(win, 'before-quit'),
  }
}

/**
 * A candidate checked in to a demo exam installed over IPC: close and quit are held and logged for the proctor
 * until the proctor unlocks exit.
 */
async function liveSessionScenario(/** @type {import('./electron.mjs').BrowserWindow} */ win) {
  const { demoAuthority } = await call('admin.setupStatus', {})
  await call('admin.setup', {
    adminPassword: ADMIN_PASSWORD,
    proctorPin: PROCTOR_PIN,
    authorityPublicKeyPem: demoAuthority.publicKeyPem,
  })
  const admin = (await call('admin.login', { password: ADMIN_PASSWORD })).token
  const overview = await call('admin.overview', { token: admin })
  const bankId = overview.demo.exams[0].bankId
  const installed = await call('admin.installDemoExam', { token: admin, bankId })
  const checkedIn = await call('session.checkIn', { candidateId: 'C-0001', name: 'Double Candidate' })
  const held = {
    close: await closeWindow(win, 'close'),
    quit: await closeWindow(win, 'before-quit'),
    f5Blocked: pressKey(win, key('F5')),
  }
  const proctor = (await call('proctor.login', { pin: PROCTOR_PIN })).token
  const { incidents } = await call('proctor.incidents', { token: proctor })
  await call('proctor.unlockExit', { token: proctor })
  return {
    demoExams: overview.demo.exams,
    installed: { bankId, examId: installed.id },
    status: await call('station.status', {}),
    sessionState: checkedIn.state,
    held,
    incidents: incidents.map((/** @type {{ type: string, detail: string | null }} */ incident) => ({
      type: incident.type,
      detail: incident.detail,
    })),
    afterUnlock: await closeWindow(win, 'close'),
  }
}

/** The room's console in the app (--room-console http://127.0.0.1:4750/): only that loopback origin is reachable. */
function roomConsoleScenario(/** @type {import('./electron.mjs').BrowserWindow} */ win) {
  return {
    session: sessionGuards(win),
    navigation: navigation(win, [
      ['will-navigate', 'http://127.0.0.1:4750/#room'],
      ['will-navigate', 'http://127.0.0.1:4751/#room'],
      ['will-navigate', 'https://evil.example/'],
      ['will-redirect', 'file:///etc/passwd'],
      ['will-navigate', 'app://invigil/index.html'],
    ]),
  }
}

async function run() {
  const win = await startup()
  const started = {
    log: record.log,
    privilegedSchemes: record.privilegedSchemes,
    applicationMenu: record.applicationMenu,
    ipcChannels: [...record.ipcHandlers.keys()],
    exitCodes: record.exitCodes,
    powerSaveBlockers: record.powerSaveBlockers,
    safeStorage: record.safeStorage,
    userData: app.getPath('userData'),
  }
  if (!win) return { started: false, ...started }
  const which = process.env.ELECTRON_DOUBLE_SCENARIO
  const scenario =
    which === 'live-session'
      ? await liveSessionScenario(win)
      : which === 'room-console'
        ? roomConsoleScenario(win)
        : await freshScenario(win)
  return { started: true, ...started, window: windowFacts(win), scenario }
}

run()
  .catch((/** @type {unknown} */ error) => ({
    harnessError: error instanceof Error ? (error.stack ?? error.message) : String(error),
  }))
  .then((report) => process.stdout.write(`${REPORT_MARKER}${JSON.stringify(report)}\n`, () => process.exit(0)))
