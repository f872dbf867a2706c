/**
 * Which renderer frames may call the API over IPC: only pages of the app itself. A frame that navigated elsewhere
 * (or an injected iframe) must not reach the session, even though it shares the preload's process.
 *
 * `appOrigin` is the origin the app's pages are served from (`app://invigil`, or Vite's `http://localhost:5173`
 * in development), or for pages loaded from disk the `file:` URL of the renderer directory.
 */
export function isTrustedSender(url: string | undefined, appOrigin: string): boolean {
  if (url === undefined || url === '') return false
  let sender: URL
  let app: URL
  try {
    sender = new URL(url)
    app = new URL(appOrigin)
  } catch {
    return false
  }
  if (app.protocol === 'file:') {
    // File URLs all share the opaque origin "null": compare the directory instead. The URL parser has already
    // resolved `..` and `%2e%2e` segments, so a path under the directory really is inside it.
    const dir = app.pathname.endsWith('/') ? app.pathname : `${app.pathname}/`
    return sender.protocol === 'file:' && sender.host === app.host && sender.pathname.startsWith(dir)
  }
  // Scheme and host (with port), not URL.origin: Node gives custom schemes such as app:// the opaque origin "null".
  return app.host !== '' && sender.protocol === app.protocol && sender.host === app.host
}
