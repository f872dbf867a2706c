import type { BrowserWindowConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { createExamWindow, createRoomConsoleWindow } from './windowOptions'

/** Stands in for Electron's BrowserWindow and keeps what it was given. */
class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

const optionsFor = (kiosk: boolean): BrowserWindowConstructorOptions =>
  createExamWindow(RecordingWindow, { preloadPath: '/p/index.cjs', kiosk }).options

describe('createExamWindow', () => {
  for (const kiosk of [true, false]) {
    it(`keeps the renderer sandboxed and isolated (kiosk=${String(kiosk)})`, () => {
      expect(optionsFor(kiosk).webPreferences).toMatchObject({
        preload: '/p/index.cjs',
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
        disableBlinkFeatures: 'Auxclick',
      })
    })
  }

  it('locks the window and hides devtools in kiosk mode', () => {
    const options = optionsFor(true)
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, alwaysOnTop: true, show: false })
    expect(options.webPreferences?.devTools).toBe(false)
  })

  it('leaves a development window movable, with devtools', () => {
    const options = optionsFor(false)
    expect(options).toMatchObject({ kiosk: false, fullscreen: false, alwaysOnTop: false })
    expect(options.webPreferences?.devTools).toBe(true)
  })
})

describe('createRoomConsoleWindow', () => {
  it('gives the console no preload (no IPC into a station) and the same sandboxed, isolated renderer', () => {
    const options = createRoomConsoleWindow(RecordingWindow).options
    expect(options.webPreferences?.preload).toBeUndefined()
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    })
    expect(options.kiosk).toBeUndefined()
  })
})
