import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowPolicyInput {
  preloadPath: string
  /** Kiosk lock is on for candidates; a developer build may turn it off to debug layout. */
  kiosk: boolean
}

type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W

/**
 * Creates the exam window: kiosk and fullscreen for candidates; a sandboxed, isolated renderer with no Node, no
 * webviews, no middle-click (Auxclick) and no devtools outside development. The options are written out at the
 * `new` so Electronegativity checks these very settings; the constructor is injected so the tests can read them.
 * Always-on-top at the 'screen-saver' level, no menu and content protection are applied by kioskWindow.ts.
 */
export function createExamWindow<W>(BrowserWindow: WindowConstructor<W>, { preloadPath, kiosk }: WindowPolicyInput): W {
  return new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    kiosk,
    fullscreen: kiosk,
    alwaysOnTop: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f6f7f9',
    title: 'Invigil',
    webPreferences: {
      // Reviewed: the preload exposes one function, window.invigil.call, over one channel whose sender ipc.ts checks.
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK -- reviewed: one call over one sender-checked channel
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: !kiosk,
    },
  })
}

/**
 * The proctor's room console on the room's own PC (`--room-console`): an ordinary window, no preload (the console
 * talks HTTP to the room it was served by), the same locked-down renderer as the exam window.
 */
export function createRoomConsoleWindow<W>(BrowserWindow: WindowConstructor<W>): W {
  return new BrowserWindow({
    width: 1366,
    height: 860,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f6f7f9',
    title: 'Invigil — room',
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    },
  })
}
