import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { APP_ORIGIN, APP_SCHEME, appResponseHeaders, resolveAppAsset } from '../../core/kiosk/appAssets'
import { examAssetHeaders, examAssetRequest } from '../../core/kiosk/examAssetRoute'
import type { ExamAssetLookup } from '../../core/kiosk/examAssetRoute'

/** The path of an app:// URL of this app's origin; '' for anything else (resolveAppAsset then refuses it). */
function appPathname(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN ? parsed.pathname : ''
  } catch {
    return ''
  }
}

/** Must run before the app is ready: app:// behaves like https (standard URLs, secure context, fetch), no CORS. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/**
 * Serves the built renderer from `rendererDir` at app://invigil/, with the CSP header on every response, and the
 * installed exams' images at app://invigil/exam-assets/<sha256> from the station (examAssetRoute.ts).
 */
export function serveAppProtocol(rendererDir: string, examAsset: ExamAssetLookup): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const assetRequest = examAssetRequest(appPathname(request.url))
    if (assetRequest.kind !== 'none') {
      const found = assetRequest.kind === 'asset' ? examAsset(assetRequest.sha256) : undefined
      if (!found)
        return new Response('not found', { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') })
      return new Response(new Uint8Array(found.bytes), {
        headers: examAssetHeaders(found.mediaType, found.bytes.length),
      })
    }
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
