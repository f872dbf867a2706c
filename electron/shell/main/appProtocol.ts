import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { APP_SCHEME, appResponseHeaders, resolveAppAsset } from '../../core/kiosk/appAssets'

/** Must run before the app is ready: app:// behaves like https (standard URLs, secure context, fetch), no CORS. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Serves the built renderer from `rendererDir` at app://invigil/, with the CSP header on every response. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(request.url, rendererDir)
    if (!asset.ok)
      return new Response(asset.reason, {
        status: asset.status,
        headers: appResponseHeaders('text/plain; charset=utf-8'),
      })
    try {
      return new Response(await readFile(asset.path), { headers: appResponseHeaders(asset.contentType) })
    } catch {
      return new Response('not found', { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') })
    }
  })
}
