/**
 * What the exam window may reach. Its pages come from one origin: `app://invigil` in the app, or Vite's
 * `http://localhost:5173` in development. Only frames of that origin may navigate there or call the API over IPC
 * (electron/shell/main/ipc.ts); everything else (file:, http(s): elsewhere, javascript:, data:, blob:, about:) is refused.
 */
export type NavigationVerdict = 'allow' | 'deny'

/** Schemes that never serve the app, even if someone passed one as the app's origin. */
const NEVER_APP = new Set(['file:', 'javascript:', 'data:', 'blob:', 'about:', 'filesystem:'])

export function isAppPage(url: string | undefined, appOrigin: string): boolean {
  if (url === undefined || url === '') return false
  let page: URL
  let app: URL
  try {
    page = new URL(url)
    app = new URL(appOrigin)
  } catch {
    return false
  }
  if (NEVER_APP.has(app.protocol)) return false
  // Scheme and host (with port), not URL.origin: Node gives custom schemes such as app:// the opaque origin "null".
  return app.host !== '' && page.protocol === app.protocol && page.host === app.host
}

export function navigationPolicy(url: string, appOrigin: string): NavigationVerdict {
  return isAppPage(url, appOrigin) ? 'allow' : 'deny'
}

/**
 * Camera, microphone, geolocation, notifications, clipboard reads, HID/USB/serial, fullscreen requests by the
 * page...: the exam needs none, so the allowlist is empty and every request and every check is denied, whatever
 * the permission is called (including ones Chromium adds later).
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set()

export function permissionPolicy(permission: string): NavigationVerdict {
  return ALLOWED_PERMISSIONS.has(permission) ? 'allow' : 'deny'
}
