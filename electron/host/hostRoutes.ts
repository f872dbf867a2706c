import type { IncomingMessage, ServerResponse } from 'node:http'
import { failure } from '../core/api/apiErrors'
import { inputLimitOf, inputTooLargeMessage } from '../core/api/inputLimits'
import type { ApiDispatch } from '../core/api/stationApi'
import { readJsonBody } from './jsonBody'
import { apiMethodOf, isAllowedHost, isAllowedOrigin, isJsonContentType } from './requestPolicy'
import { sendJson, sendText } from './securityHeaders'
import { serveRendererFile } from './staticFiles'
import { testHookAt } from './testHooks'
import { examAssetHeaders, examAssetRequest } from '../core/kiosk/examAssetRoute'
import type { ExamAssetLookup, ExamAssetRequest } from '../core/kiosk/examAssetRoute'
import type { HostTestHooks } from './testHooks'

export interface HostRoutesOptions {
  dispatch: ApiDispatch
  /** The built renderer (out/renderer); null serves the API only (a Vite dev server serves the pages). */
  rendererDir: string | null
  /** The Host headers this server answers to; known once it listens. */
  allowedHosts: () => ReadonlySet<string>
  /** The installed exams' images, served at /exam-assets/<sha256>. */
  examAsset?: ExamAssetLookup
  /** Present only when the host runs on a test clock: enables the POST /__test/ hooks (testHooks.ts). */
  testHooks?: HostTestHooks
}

function serveExamAsset(
  res: ServerResponse,
  request: ExamAssetRequest,
  lookup: ExamAssetLookup | undefined,
  headOnly: boolean,
): void {
  const found = request.kind === 'asset' ? lookup?.(request.sha256) : undefined
  if (!found) return sendText(res, 404, 'not found')
  res.writeHead(200, examAssetHeaders(found.mediaType, found.bytes.length))
  res.end(headOnly ? undefined : found.bytes)
}

/**
 * The browser host's request handling. GET/HEAD serve the renderer; POST /api/<method> carries one API call as
 * JSON to the same dispatcher the Electron IPC uses. Every request must name this server in its Host header;
 * POSTs must also come from this server's own origin and carry JSON, no larger than the method's input limit.
 */
export function createHostRoutes(options: HostRoutesOptions): (req: IncomingMessage, res: ServerResponse) => void {
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host
    if (host === undefined || !isAllowedHost(host, options.allowedHosts())) {
      return sendText(res, 421, 'this server answers only to its loopback address')
    }
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname)
    } catch {
      return sendText(res, 400, 'malformed path')
    }
    const isApi = pathname.startsWith('/api/')
    const testHook = options.testHooks ? testHookAt(pathname) : undefined

    // Test hooks exist only on a test clock; otherwise there is nothing there at all.
    if (pathname.startsWith('/__test/') && !testHook) return sendText(res, 404, 'not found')
    if (!isApi && !testHook) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed')
      const asset = examAssetRequest(pathname)
      if (asset.kind !== 'none') return serveExamAsset(res, asset, options.examAsset, req.method === 'HEAD')
      if (options.rendererDir === null) return sendText(res, 404, 'not found')
      return serveRendererFile(options.rendererDir, pathname, res, req.method === 'HEAD')
    }

    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return sendJson(res, 405, failure('TRANSPORT_FAILED', 'API calls are POST requests'))
    }
    if (!isAllowedOrigin(req.headers.origin, host)) {
      return sendJson(
        res,
        403,
        failure('TRANSPORT_FAILED', 'API calls are accepted only from the page this server served'),
      )
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      return sendJson(res, 415, failure('TRANSPORT_FAILED', 'API calls carry Content-Type: application/json'))
    }
    const method = testHook ? undefined : apiMethodOf(pathname)
    const body =
      method === undefined
        ? await readJsonBody(req)
        : await readJsonBody(req, inputLimitOf(method), inputTooLargeMessage(method))
    if (!body.ok) {
      const code = body.status === 413 ? 'TRANSPORT_FAILED' : 'VALIDATION_FAILED'
      // The rest of a refused body is not worth the wait: the connection ends with the answer.
      if (body.status === 413) res.setHeader('Connection', 'close')
      return sendJson(res, body.status, failure(code, body.message))
    }
    if (testHook && options.testHooks) {
      const answer = testHook(options.testHooks, body.value)
      return sendJson(res, answer.status, answer.body)
    }
    if (method === undefined) return sendJson(res, 404, failure('UNKNOWN_METHOD', 'no such API method'))
    sendJson(res, 200, await options.dispatch(method, body.value))
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error('invigil host: request failed:', error)
      if (!res.headersSent) sendJson(res, 500, failure('INTERNAL', 'the host could not answer this request'))
      else res.destroy()
    })
  }
}
