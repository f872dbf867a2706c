import { app } from 'electron'
import type { BrowserWindow, Event } from 'electron'
import { exitPolicy, exitUnlockHolds } from '../../core/kiosk/exitPolicy'
import type { ExitState } from '../../core/kiosk/exitPolicy'
import type { OsEvent } from '../../core/kiosk/osEventIncident'

let unlockedAtMs: number | null = null
let exitApproved = false

/**
 * For the `proctor.unlockExit` API method (after its PIN check): the next close or quit within two minutes is let
 * through, by the window's close button or a quit key (Alt+F4, Cmd+Q, Ctrl+Q), even while a session runs.
 */
export function allowExitOnce(): void {
  unlockedAtMs = Date.now()
}

export function exitUnlocked(): boolean {
  return exitUnlockHolds(unlockedAtMs, Date.now())
}

export interface ExitGuardOptions {
  kiosk: boolean
  sessionState(): ExitState['sessionState']
  report(event: OsEvent): void
}

/**
 * Holds every close and quit, asks the station whether a session is live, and quits only when exitPolicy allows;
 * a refusal is logged as an escape attempt. Electron emits no before-quit for a Windows shutdown or logoff: a
 * session cut off that way is found interrupted at the next start, for a proctor.
 */
export function guardExit(win: BrowserWindow, options: ExitGuardOptions): void {
  const attempt = (event: Event, via: 'close' | 'quit'): void => {
    if (exitApproved) return
    event.preventDefault()
    const verdict = exitPolicy({
      kiosk: options.kiosk,
      sessionState: options.sessionState(),
      unlockedAtMs,
      nowMs: Date.now(),
    })
    if (verdict.decision === 'refuse') return options.report({ kind: 'exit-refused', via, reason: verdict.reason })
    exitApproved = true
    unlockedAtMs = null
    // On a later turn, outside the close or before-quit event just prevented, so the quit does not nest inside it.
    setImmediate(() => app.quit())
  }
  win.on('close', (event) => attempt(event, 'close'))
  app.on('before-quit', (event) => attempt(event, 'quit'))
}
