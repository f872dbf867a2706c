import { app, BrowserWindow, Menu, session } from 'electron'
import type { OsEvent } from '../../core/kiosk/osEventIncident'
import { denyPermissions, guardWebContents } from './webContentsGuard'
import { createRoomConsoleWindow } from './windowOptions'

/**
 * The app as the proctor's room console (`--room-console URL`): one window on the room's loopback origin, guarded
 * like the kiosk (no other navigation, no new windows, every permission denied). No station is opened here.
 */
export async function openRoomConsole(url: string, origin: string): Promise<void> {
  await app.whenReady()
  Menu.setApplicationMenu(null)
  denyPermissions(session.defaultSession)
  // No station records incidents here: a refused navigation is told to the operator's log.
  guardWebContents(origin, (event: OsEvent) => console.warn('invigil room console: refused', JSON.stringify(event)))
  const win = createRoomConsoleWindow(BrowserWindow)
  win.removeMenu()
  win.once('ready-to-show', () => win.show())
  await win.loadURL(url)
}
