import { app, BrowserWindow, powerMonitor, powerSaveBlocker, screen } from 'electron'
import type { Display } from 'electron'
import { describeKeys, kioskInputFilter, kioskPlatformOf } from '../../core/kiosk/kioskInputFilter'
import type { OsEvent } from '../../core/kiosk/osEventIncident'
import { exitUnlocked } from './exitGuard'
import { createExamWindow } from './windowOptions'

export interface KioskWindowOptions {
  kiosk: boolean
  url: string
  preloadPath: string
  report(event: OsEvent): void
}

/** Opens the exam window and applies the kiosk lock the window options cannot express. */
export function openKioskWindow({ kiosk, url, preloadPath, report }: KioskWindowOptions): BrowserWindow {
  const win = createExamWindow(BrowserWindow, { preloadPath, kiosk })
  const contents = win.webContents
  const platform = kioskPlatformOf(process.platform)
  win.removeMenu()
  if (kiosk) {
    win.setAlwaysOnTop(true, 'screen-saver') // above the taskbar, the Dock and most notifications
    win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true }) // a macOS Space switch still shows the exam
    win.setContentProtection(true) // screenshots and screen sharing get a black window (Windows 10 2004+, macOS)
  }
  void contents.setVisualZoomLevelLimits(1, 1) // no pinch zoom
  contents.on('zoom-changed', () => contents.setZoomFactor(1)) // nor Ctrl+wheel
  contents.on('devtools-opened', () => {
    if (kiosk) contents.closeDevTools()
  })

  contents.on('before-input-event', (event, input) => {
    const verdict = kioskInputFilter(input, platform, kiosk ? 'kiosk' : 'development')
    if (verdict === 'allow') return
    event.preventDefault()
    if (input.type !== 'keyDown' || input.isAutoRepeat) return
    // After a proctor unlocked exit, the quit keys quit (through the exit guard).
    if ((verdict.category === 'close' || verdict.category === 'quit') && exitUnlocked()) return app.quit()
    if (verdict.incident)
      report({
        kind: 'key-blocked',
        keys: describeKeys(input, platform),
        category: verdict.category,
        reason: verdict.block,
      })
  })

  win.on('blur', () => report({ kind: 'blur' }))
  win.on('focus', () => report({ kind: 'focus' }))
  win.on('minimize', () => report({ kind: 'minimize' }))
  win.on('leave-full-screen', () => {
    report({ kind: 'leave-full-screen' })
    if (kiosk) win.setKiosk(true)
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(url)
  return win
}

/** OS events that matter during an exam, and no display sleep or screen saver while the app runs. */
export function watchSystem(report: (event: OsEvent) => void): void {
  powerSaveBlocker.start('prevent-display-sleep')
  powerMonitor.on('suspend', () => report({ kind: 'suspend' }))
  powerMonitor.on('resume', () => report({ kind: 'resume' }))
  powerMonitor.on('lock-screen', () => report({ kind: 'lock-screen' }))
  powerMonitor.on('unlock-screen', () => report({ kind: 'unlock-screen' }))
  const displayChange = (kind: 'display-added' | 'display-removed') => (_event: unknown, display: Display) =>
    report({ kind, display: { id: display.id, ...display.size }, displayCount: screen.getAllDisplays().length })
  screen.on('display-added', displayChange('display-added'))
  screen.on('display-removed', displayChange('display-removed'))
}
