import { join } from 'node:path'
import { app, Menu, session } from 'electron'
import { APP_ENTRY_URL, APP_ORIGIN } from '../../core/kiosk/appAssets'
import { kioskModeFor } from '../../core/kiosk/kioskMode'
import { roomConsoleLaunchFrom } from '../../core/kiosk/roomConsoleLaunch'
import { registerAppScheme, serveAppProtocol } from './appProtocol'
import { guardExit } from './exitGuard'
import { registerApiIpc } from './ipc'
import { openKioskWindow, watchSystem } from './kioskWindow'
import { openRoomConsole } from './roomConsoleWindow'
import { developmentDemoExams, openStationApi } from './stationApi'
import type { OpenedStationApi } from './stationApi'
import { denyPermissions, guardWebContents } from './webContentsGuard'

// Composition root: the kiosk shell around the station. Decisions live in electron/core/kiosk (tested under Node).
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const kiosk = kioskModeFor({ isPackaged: app.isPackaged, devServerUrl: devUrl, kioskEnv: process.env.INVIGIL_KIOSK })
/** Where the app's pages come from: only this origin may be navigated to and call the API. */
const appOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN
// The e2e suite (and a second developer instance) use their own data directory; a packaged app never does.
if (!app.isPackaged && process.env.INVIGIL_USER_DATA_DIR) app.setPath('userData', process.env.INVIGIL_USER_DATA_DIR)

let station: OpenedStationApi | undefined

async function start(): Promise<void> {
  await app.whenReady()
  Menu.setApplicationMenu(null) // no menu accelerators (reload, devtools, zoom, close) on any OS
  denyPermissions(session.defaultSession)
  // Images are asked for only once a candidate sees an exam, by which time the station is open.
  serveAppProtocol(join(import.meta.dirname, '../renderer'), (sha256) => station?.examAsset(sha256))
  // safeStorage is usable only once the app is ready, so the station opens here, before the first page asks.
  station = await openStationApi(await developmentDemoExams())
  registerApiIpc(station.dispatch, appOrigin)
  const { incidents } = station
  guardWebContents(appOrigin, incidents.report)
  const win = openKioskWindow({
    kiosk,
    url: devUrl ?? APP_ENTRY_URL,
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    report: incidents.report,
  })
  guardExit(win, { kiosk, sessionState: incidents.sessionState, report: incidents.report })
  watchSystem(incidents.report)
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  const environment = await station.checkEnvironment().catch((error: unknown) => ({ error: String(error) }))
  console.log('invigil: environment at start:', JSON.stringify(environment))
}

registerAppScheme() // before ready, as Electron requires
const launch = roomConsoleLaunchFrom(process.argv)
const failed = (error: unknown): void => {
  console.error('invigil: could not start:', error)
  app.exit(1)
}
if (launch.kind === 'refused') {
  console.error(`invigil: ${launch.message}`)
  app.exit(2)
} else if (launch.kind === 'console') {
  // The proctor's PC: the room's console in a window of its own, beside (never instead of) a kiosk instance.
  openRoomConsole(launch.url, launch.origin).catch(failed)
} else if (app.requestSingleInstanceLock()) start().catch(failed)
else app.quit()

app.on('window-all-closed', () => app.quit())
app.on('will-quit', () => void station?.close())
