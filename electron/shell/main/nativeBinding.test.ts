import { describe, expect, it } from 'vitest'
import { sqliteNativeBinding } from './nativeBinding'

describe('sqliteNativeBinding', () => {
  it('uses the Electron build in .native/ during development', () => {
    expect(sqliteNativeBinding({ isPackaged: false, appRoot: '/repo', electronVersion: '45.4.1' })).toBe(
      '/repo/.native/electron-45.4.1/better_sqlite3.node',
    )
  })
  it('uses the default lookup in a packaged app, which electron-builder rebuilt for Electron', () => {
    expect(
      sqliteNativeBinding({ isPackaged: true, appRoot: '/opt/invigil', electronVersion: '45.4.1' }),
    ).toBeUndefined()
  })
})
