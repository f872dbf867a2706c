import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, session } from 'electron'
import { registerApiIpc } from './ipc'
import { openStationApi } from './stationApi'
import type { StationApi } from './stationApi'
import { examWindowOptions } from './windowOptions'

// Placeholder shell: a secure window that shows the renderer, and the API over IPC. The kiosk issue adds the lock
// and the app:// protocol.
const kiosk = app.isPackaged || process.env.INVIGIL_KIOSK === '1'
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const rendererDir = join(import.meta.dirname, '../renderer')
/** Where the app's own pages come from: only frames there may call the API (ipcPolicy.isTrustedSender). */
const appOrigin = devUrl ? new URL(devUrl).origin : pathToFileURL(`${rendererDir}/`).href

let stationApi: StationApi | undefined

function createWindow(): void {
  const win = new BrowserWindow(examWindowOptions({ preloadPath: join(import.meta.dirname, '../preload/index.cjs'), kiosk }))
  win.once('ready-to-show', () => win.show())
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(join(rendererDir, 'index.html'))
}

if (!app.requestSingleInstanceLock()) app.quit()

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  // safeStorage is usable only once the app is ready, so the station opens here, before the first page asks.
  stationApi = await openStationApi()
  registerApiIpc(stationApi.dispatch, appOrigin)
  createWindow()
})

app.on('window-all-closed', () => app.quit())
app.on('will-quit', () => void stationApi?.close())
