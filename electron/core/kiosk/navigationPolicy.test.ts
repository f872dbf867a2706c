import { describe, expect, it } from 'vitest'
import { isAppPage, navigationPolicy, permissionPolicy } from './navigationPolicy'

const APP = 'app://invigil'

describe('navigationPolicy', () => {
  it.each(['app://invigil/index.html', 'app://invigil/', 'app://invigil/exam#q3', 'app://invigil/assets/x.js?v=1'])(
    'allows the app page %s',
    (url) => {
      expect(navigationPolicy(url, APP)).toBe('allow')
    },
  )

  it.each([
    'https://example.org/',
    'http://invigil/',
    'app://evil/index.html',
    'app://invigil.evil.org/',
    'app://invigil:8080/',
    'file:///etc/passwd',
    'file:///opt/invigil/out/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'blob:app://invigil/2f1d6c1e-0000-4000-8000-000000000000',
    'about:blank',
    'filesystem:app://invigil/temporary/x',
    'chrome://gpu',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('denies %s', (url) => {
    expect(navigationPolicy(url, APP)).toBe('deny')
  })

  it('in development trusts the Vite dev server origin only, port included', () => {
    expect(navigationPolicy('http://localhost:5173/', 'http://localhost:5173')).toBe('allow')
    expect(navigationPolicy('http://localhost:5174/', 'http://localhost:5173')).toBe('deny')
    expect(navigationPolicy('http://127.0.0.1:5173/', 'http://localhost:5173')).toBe('deny')
    expect(navigationPolicy('https://localhost:5173/', 'http://localhost:5173')).toBe('deny')
  })

  it.each(['file:///opt/invigil/out/renderer/', 'data:text/html,x', 'about:blank', 'javascript:void 0', 'not a url'])(
    'never treats %s as an app origin',
    (origin) => {
      expect(navigationPolicy(origin, origin)).toBe('deny')
    },
  )
})

describe('isAppPage (who may call the API over IPC)', () => {
  it('refuses a destroyed frame (no URL)', () => {
    expect(isAppPage(undefined, APP)).toBe(false)
  })
  it('is the same decision as navigation', () => {
    expect(isAppPage('app://invigil/index.html', APP)).toBe(true)
    expect(isAppPage('https://example.org/', APP)).toBe(false)
  })
})

describe('permissionPolicy', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'hid',
    'serial',
    'usb',
    'window-management',
    'idle-detection',
    'a-permission-chromium-adds-next-year',
  ])('denies %s', (permission) => {
    expect(permissionPolicy(permission)).toBe('deny')
  })
})
