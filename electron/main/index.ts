import { join } from 'node:path'
import { app, BrowserWindow, session } from 'electron'
import { examWindowOptions } from './windowOptions'

// Placeholder shell: a secure window that shows the renderer. The kiosk issue adds the lock, protocol and IPC.
const kiosk = app.isPackaged || process.env.INVIGIL_KIOSK === '1'

function createWindow(): void {
  const win = new BrowserWindow(examWindowOptions({ preloadPath: join(import.meta.dirname, '../preload/index.cjs'), kiosk }))
  win.once('ready-to-show', () => win.show())
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl && !app.isPackaged) void win.loadURL(devUrl)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
}

if (!app.requestSingleInstanceLock()) app.quit()

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  createWindow()
})

app.on('window-all-closed', () => app.quit())
