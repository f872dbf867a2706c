import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowPolicyInput {
  preloadPath: string
  /** Kiosk lock is on for candidates; a developer build may turn it off to debug layout. */
  kiosk: boolean
}

/** The exam window's options: sandboxed, isolated renderer with no Node and no devtools in kiosk mode. */
export function examWindowOptions({ preloadPath, kiosk }: WindowPolicyInput): BrowserWindowConstructorOptions {
  return {
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
      preload: preloadPath,
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
      devTools: !kiosk,
    },
  }
}
