import { describe, expect, it } from 'vitest'
import { kioskModeFor } from './kioskMode'

const DEV_SERVER = 'http://localhost:5173'

describe('kiosk mode', () => {
  it.each([
    { what: 'an installed app', isPackaged: true, devServerUrl: undefined, kioskEnv: undefined, locked: true },
    {
      what: 'an installed app told INVIGIL_KIOSK=0',
      isPackaged: true,
      devServerUrl: undefined,
      kioskEnv: '0',
      locked: true,
    },
    {
      what: 'an installed app with a stray dev-server variable',
      isPackaged: true,
      devServerUrl: DEV_SERVER,
      kioskEnv: undefined,
      locked: true,
    },
    {
      what: 'npm start (built files, no dev server)',
      isPackaged: false,
      devServerUrl: undefined,
      kioskEnv: undefined,
      locked: true,
    },
    {
      what: 'npm start with INVIGIL_KIOSK=0',
      isPackaged: false,
      devServerUrl: undefined,
      kioskEnv: '0',
      locked: false,
    },
    { what: 'npm run dev', isPackaged: false, devServerUrl: DEV_SERVER, kioskEnv: undefined, locked: false },
    {
      what: 'npm run dev with INVIGIL_KIOSK=1',
      isPackaged: false,
      devServerUrl: DEV_SERVER,
      kioskEnv: '1',
      locked: true,
    },
    {
      what: 'npm run dev with an unrecognised INVIGIL_KIOSK',
      isPackaged: false,
      devServerUrl: DEV_SERVER,
      kioskEnv: 'yes',
      locked: false,
    },
  ])('$what: locked = $locked', ({ isPackaged, devServerUrl, kioskEnv, locked }) => {
    expect(kioskModeFor({ isPackaged, devServerUrl, kioskEnv })).toBe(locked)
  })
})
