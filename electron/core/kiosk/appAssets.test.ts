import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_CSP, appResponseHeaders, resolveAppAsset } from './appAssets'

const DIR = '/opt/invigil/resources/app.asar/out/renderer'

describe('resolveAppAsset', () => {
  it.each([
    ['app://invigil/', `${DIR}/index.html`, 'text/html; charset=utf-8'],
    ['app://invigil/index.html', `${DIR}/index.html`, 'text/html; charset=utf-8'],
    ['app://invigil/assets/index-CfT_yv2I.js', `${DIR}/assets/index-CfT_yv2I.js`, 'text/javascript; charset=utf-8'],
    ['app://invigil/assets/index.css?v=2#x', `${DIR}/assets/index.css`, 'text/css; charset=utf-8'],
    ['app://invigil/assets/a%20b.svg', `${DIR}/assets/a b.svg`, 'image/svg+xml'],
    ['app://invigil/assets/../index.html', `${DIR}/index.html`, 'text/html; charset=utf-8'],
    // The URL parser resolves dot segments (encoded ones too) and clamps them at the root, as Chromium does.
    ['app://invigil/%2e%2e/%2e%2e/index.html', `${DIR}/index.html`, 'text/html; charset=utf-8'],
  ])('serves %s from %s', (url, file, contentType) => {
    expect(resolveAppAsset(url, DIR, path.posix)).toEqual({ ok: true, path: file, contentType })
  })

  it.each([
    ['app://invigil/..%2F..%2F..%2Fetc%2Fpasswd', 403],
    ['app://invigil/assets/%2E%2E%2F%2E%2E%2F%2E%2E%2Fstation.json', 403],
    ['app://invigil/..%5C..%5Cstation.json', 403],
    ['app://invigil/index.html%00.js', 403],
    ['app://invigil/%E0%A4%A', 400],
    ['app://evil/index.html', 403],
    ['app://invigil:99/index.html', 403],
    ['file:///etc/passwd', 403],
    ['https://invigil/index.html', 403],
    ['not a url', 400],
    ['app://invigil/assets/', 404],
    ['app://invigil/station.db', 404],
    ['app://invigil/README', 404],
  ] as const)('refuses %s (%i)', (url, status) => {
    const asset = resolveAppAsset(url, DIR, path.posix)
    expect(asset).toMatchObject({ ok: false, status })
  })

  it('keeps to the directory under Windows path rules too', () => {
    const dir = 'C:\\Program Files\\Invigil\\resources\\app.asar\\out\\renderer'
    expect(resolveAppAsset('app://invigil/assets/a.js', dir, path.win32)).toEqual({
      ok: true,
      path: `${dir}\\assets\\a.js`,
      contentType: 'text/javascript; charset=utf-8',
    })
    for (const url of [
      'app://invigil/..%5C..%5CWindows%5Cwin.ini',
      'app://invigil/C:%5CWindows%5Cwin.ini',
      'app://invigil/..%2F..%2Fx.js',
    ]) {
      expect(resolveAppAsset(url, dir, path.win32), url).toMatchObject({ ok: false, status: 403 })
    }
  })

  it('does not treat a sibling directory with the same prefix as inside', () => {
    expect(resolveAppAsset('app://invigil/..%2Frenderer-evil%2Fx.js', DIR, path.posix)).toMatchObject({
      ok: false,
      status: 403,
    })
  })
})

describe('the CSP header', () => {
  it('allows only the app itself, no inline or eval code, no frames, no plugins', () => {
    expect(APP_CSP).toContain("default-src 'none'")
    expect(APP_CSP).toContain("script-src 'self'")
    expect(APP_CSP).toContain("object-src 'none'")
    expect(APP_CSP).toContain("frame-ancestors 'none'")
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|ws:|\*/)
  })

  it('goes with every response, with no MIME sniffing', () => {
    expect(appResponseHeaders('text/css; charset=utf-8')).toEqual({
      'Content-Type': 'text/css; charset=utf-8',
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
    })
  })
})
