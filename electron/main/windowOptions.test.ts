import { describe, expect, it } from 'vitest'
import { examWindowOptions } from './windowOptions'

describe('examWindowOptions', () => {
  for (const kiosk of [true, false]) {
    it(`keeps the renderer sandboxed and isolated (kiosk=${kiosk})`, () => {
      const web = examWindowOptions({ preloadPath: '/p/index.cjs', kiosk }).webPreferences
      expect(web).toMatchObject({
        preload: '/p/index.cjs',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      })
    })
  }
  it('locks the window and hides devtools in kiosk mode', () => {
    const options = examWindowOptions({ preloadPath: 'x', kiosk: true })
    expect(options.kiosk).toBe(true)
    expect(options.alwaysOnTop).toBe(true)
    expect(options.webPreferences?.devTools).toBe(false)
  })
})
