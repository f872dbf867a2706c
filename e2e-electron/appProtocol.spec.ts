import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { APP_ORIGIN, appResponseHeaders, resolveAppAsset } from '../electron/core/kiosk/appAssets'

// What electron/shell/main/appProtocol.ts answers for app://invigil/, replayed over loopback HTTP so Chromium can load the
// built renderer under the very same asset resolution and CSP header where no Electron binary exists.
const RENDERER = resolve(import.meta.dirname, '../out/renderer')
let server: Server
let base: string

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const asset = resolveAppAsset(`${APP_ORIGIN}${request.url ?? '/'}`, RENDERER)
    if (!asset.ok) {
      response.writeHead(asset.status, appResponseHeaders('text/plain; charset=utf-8')).end(asset.reason)
      return
    }
    readFile(asset.path).then(
      (body) => response.writeHead(200, appResponseHeaders(asset.contentType)).end(body),
      () => response.writeHead(404, appResponseHeaders('text/plain; charset=utf-8')).end('not found'),
    )
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
})

test.afterAll(() => new Promise<void>((done) => server.close(() => done())))

test('the built renderer runs under the app protocol’s CSP header without a single violation', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __csp: string[] }).__csp = seen
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    )
  })
  const response = await page.goto(`${base}/`)
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'")
  await expect(page).toHaveTitle('Invigil')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Invigil')
  await expect(page.locator('[data-screen-heading]')).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([])
})

test('refuses paths that leave the renderer directory', async ({ request }) => {
  for (const path of [
    '/..%2F..%2Fpackage.json',
    '/..%5C..%5Cpackage.json',
    '/assets/..%2F..%2F..%2Felectron-builder.yml',
  ]) {
    expect((await request.get(`${base}${path}`)).status(), path).toBe(403)
  }
  expect((await request.get(`${base}/station.db`)).status()).toBe(404)
})
