// @ts-check
/**
 * A recording double of the `electron` module, NOT Electron: just the surface out/main/index.js imports, so the
 * built main process can start under plain Node (mainProcess.spec.ts). Each object records what the app asked of
 * it in `record`, for harness.mjs to read and drive. It keeps the few of Electron's rules our startup order relies
 * on (what may not be used before `ready`, or after it), and nothing of what Electron does with a window.
 *
 * Configured by the spec through the environment: ELECTRON_DOUBLE_APP_PATH (app.getAppPath(), with package.json,
 * banks/ and .native/), ELECTRON_DOUBLE_HOME (where the default userData would be), ELECTRON_DOUBLE_VERSION.
 */
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const appPath = process.env.ELECTRON_DOUBLE_APP_PATH ?? process.cwd()
const home = process.env.ELECTRON_DOUBLE_HOME ?? join(tmpdir(), `electron-double-${String(process.pid)}`)
// Electron reports its version here; nativeBinding.ts names the Electron build of better-sqlite3 after it.
Object.defineProperty(process.versions, 'electron', {
  value: process.env.ELECTRON_DOUBLE_VERSION ?? '0.0.0-double',
  enumerable: true,
})

/** What the app did, in order (`log`) and by object; read by harness.mjs. */
export const record = {
  /** @type {string[]} */ log: [],
  /** @type {unknown[]} */ privilegedSchemes: [],
  /** @type {Map<string, (request: Request) => Promise<Response>>} */ protocolHandlers: new Map(),
  /** @type {Map<string, (event: unknown, ...args: unknown[]) => unknown>} */ ipcHandlers: new Map(),
  /** @type {BrowserWindow[]} */ windows: [],
  /** @type {unknown} */ applicationMenu: 'never set',
  /** @type {string[]} */ powerSaveBlockers: [],
  quitCalls: 0,
  /** @type {number[]} */ exitCodes: [],
  safeStorage: { encrypts: 0, decrypts: 0 },
}

const note = (/** @type {string} */ what) => void record.log.push(what)

let ready = false
/** @type {Promise<void> | undefined} */
let readyPromise

/** Electron throws for these before `ready`; so does the double, so a reordered startup fails here too. */
function requireReady(/** @type {string} */ what) {
  if (!ready) throw new Error(`electron double: ${what} cannot be used before the app is ready`)
}

/** Electron's event object, as far as the app uses it. */
export function fakeEvent(/** @type {Record<string, unknown>} */ fields = {}) {
  return {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true
    },
  }
}

class App extends EventEmitter {
  isPackaged = false
  /** @type {Map<string, string>} */
  #paths = new Map([
    ['home', home],
    ['temp', tmpdir()],
    ['userData', join(home, '.config', 'invigil')],
  ])

  /**
   * `ready` comes one turn after the app first waits for it: in Electron it comes after the entry script's
   * synchronous run, which is all that precedes the first whenReady() in our entry.
   */
  whenReady() {
    readyPromise ??= new Promise((resolve) =>
      setImmediate(() => {
        ready = true
        note('app.ready')
        this.emit('ready')
        resolve()
      }),
    )
    return readyPromise
  }

  isReady() {
    return ready
  }

  getPath(/** @type {string} */ name) {
    const path = this.#paths.get(name)
    if (path === undefined) throw new Error(`electron double: no path named ${name}`)
    return path
  }

  setPath(/** @type {string} */ name, /** @type {string} */ path) {
    note(`app.setPath ${name}`)
    this.#paths.set(name, path)
  }

  getAppPath() {
    return appPath
  }

  getVersion() {
    return /** @type {{ version: string }} */ (JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8'))).version
  }

  requestSingleInstanceLock() {
    note('app.requestSingleInstanceLock')
    return true
  }

  quit() {
    note('app.quit')
    record.quitCalls += 1
  }

  exit(code = 0) {
    note(`app.exit ${String(code)}`)
    record.exitCodes.push(code)
  }
}

export const app = new App()

export const Menu = {
  setApplicationMenu(/** @type {unknown} */ menu) {
    note('Menu.setApplicationMenu')
    record.applicationMenu = menu
  },
}

class Session extends EventEmitter {
  /** @type {((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined} */
  permissionRequestHandler
  /** @type {((contents: unknown, permission: string) => boolean) | undefined} */
  permissionCheckHandler
  /** @type {((details: unknown) => boolean) | undefined} */
  devicePermissionHandler

  setPermissionRequestHandler(/** @type {Session['permissionRequestHandler']} */ handler) {
    this.permissionRequestHandler = handler
  }

  setPermissionCheckHandler(/** @type {Session['permissionCheckHandler']} */ handler) {
    this.permissionCheckHandler = handler
  }

  setDevicePermissionHandler(/** @type {Session['devicePermissionHandler']} */ handler) {
    this.devicePermissionHandler = handler
  }
}

const defaultSession = new Session()
export const session = {
  get defaultSession() {
    requireReady('session.defaultSession')
    return defaultSession
  },
}

export const protocol = {
  registerSchemesAsPrivileged(/** @type {unknown[]} */ schemes) {
    if (ready) throw new Error('electron double: protocol.registerSchemesAsPrivileged must run before the app is ready')
    note('protocol.registerSchemesAsPrivileged')
    record.privilegedSchemes.push(...schemes)
  },
  handle(/** @type {string} */ scheme, /** @type {(request: Request) => Promise<Response>} */ handler) {
    requireReady('protocol.handle')
    note(`protocol.handle ${scheme}`)
    record.protocolHandlers.set(scheme, handler)
  },
}

export const ipcMain = {
  handle(/** @type {string} */ channel, /** @type {(event: unknown, ...args: unknown[]) => unknown} */ handler) {
    // As Electron does: one handler per channel.
    if (record.ipcHandlers.has(channel)) throw new Error(`electron double: a second handler for '${channel}'`)
    note(`ipcMain.handle ${channel}`)
    record.ipcHandlers.set(channel, handler)
  },
  removeHandler(/** @type {string} */ channel) {
    record.ipcHandlers.delete(channel)
  },
}

/** A reversible stand-in for the OS keystore, tagged so that anything it did not encrypt fails to decrypt. */
const KEYSTORE_TAG = Buffer.from('electron-double-keystore:')
const flip = (/** @type {Buffer} */ bytes) => Buffer.from(bytes.map((byte) => byte ^ 0x5a))
export const safeStorage = {
  // On Linux Electron says false until the app is ready; the station must open after ready.
  isEncryptionAvailable: () => ready,
  // A keyring backend, as on a desktop with GNOME Keyring; basic_text would be refused by the protector.
  ...(process.platform === 'linux' ? { getSelectedStorageBackend: () => 'gnome_libsecret' } : {}),
  encryptString(/** @type {string} */ text) {
    record.safeStorage.encrypts += 1
    return Buffer.concat([KEYSTORE_TAG, flip(Buffer.from(text, 'utf8'))])
  },
  decryptString(/** @type {Buffer} */ blob) {
    record.safeStorage.decrypts += 1
    if (!blob.subarray(0, KEYSTORE_TAG.length).equals(KEYSTORE_TAG))
      throw new Error('electron double: not encrypted by this keystore')
    return flip(blob.subarray(KEYSTORE_TAG.length)).toString('utf8')
  },
}

class WebContents extends EventEmitter {
  /** @type {unknown[][]} */
  calls = []
  /** @type {((details: { url: string }) => { action: string }) | undefined} */
  windowOpenHandler

  setWindowOpenHandler(/** @type {WebContents['windowOpenHandler']} */ handler) {
    this.windowOpenHandler = handler
  }

  setVisualZoomLevelLimits(/** @type {number} */ min, /** @type {number} */ max) {
    this.calls.push(['setVisualZoomLevelLimits', min, max])
    return Promise.resolve()
  }

  setZoomFactor(/** @type {number} */ factor) {
    this.calls.push(['setZoomFactor', factor])
  }

  closeDevTools() {
    this.calls.push(['closeDevTools'])
  }
}

export class BrowserWindow extends EventEmitter {
  /** @type {unknown[][]} */
  calls = []
  /** @type {string[]} */
  loadedUrls = []

  constructor(/** @type {Record<string, unknown>} */ options) {
    super()
    requireReady('new BrowserWindow')
    note('new BrowserWindow')
    this.options = structuredClone(options)
    this.webContents = new WebContents()
    record.windows.push(this)
    // Electron announces every new web contents; webContentsGuard.ts hooks them there.
    app.emit('web-contents-created', fakeEvent(), this.webContents)
  }

  static getAllWindows() {
    return [...record.windows]
  }

  loadURL(/** @type {string} */ url) {
    note('win.loadURL')
    this.loadedUrls.push(url)
    return Promise.resolve()
  }

  isMinimized() {
    return false
  }

  removeMenu() {
    this.calls.push(['removeMenu'])
  }

  setAlwaysOnTop(/** @type {unknown[]} */ ...args) {
    this.calls.push(['setAlwaysOnTop', ...args])
  }

  setVisibleOnAllWorkspaces(/** @type {unknown[]} */ ...args) {
    this.calls.push(['setVisibleOnAllWorkspaces', ...args])
  }

  setContentProtection(/** @type {boolean} */ enable) {
    this.calls.push(['setContentProtection', enable])
  }

  setKiosk(/** @type {boolean} */ enable) {
    this.calls.push(['setKiosk', enable])
  }

  show() {
    this.calls.push(['show'])
  }

  focus() {
    this.calls.push(['focus'])
  }

  restore() {
    this.calls.push(['restore'])
  }
}

export const powerSaveBlocker = {
  start(/** @type {string} */ type) {
    record.powerSaveBlockers.push(type)
    return record.powerSaveBlockers.length
  },
}

export const powerMonitor = new EventEmitter()

class Screen extends EventEmitter {
  getAllDisplays() {
    requireReady('screen')
    return [{ id: 1, size: { width: 1280, height: 800 }, label: 'electron double display', internal: true }]
  }
}

export const screen = new Screen()
