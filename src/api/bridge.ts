import type { ApiInput, ApiMethod, ApiOutput, ApiResult, InvigilBridge } from '@contract'

/**
 * The renderer's one way to the station. In Electron the preload exposes `window.invigil` (IPC to the main
 * process); in a browser the same calls go as JSON to the browser host on this page's own origin. Either way a
 * call resolves to an ApiResult and never throws: a failed transport is TRANSPORT_FAILED, which the UI shows as
 * "not saved, retrying" rather than losing the candidate's work silently.
 */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{
  ok: boolean
  status: number
  json(): Promise<unknown>
}>

const transportFailed = (message: string): ApiResult<never> => ({
  ok: false,
  error: { code: 'TRANSPORT_FAILED', message },
})

const CODE_PATTERN = /^[A-Z_]+$/

/** Only a well-formed ApiResult is passed on; anything else (an HTML error page, a proxy's reply) is a transport failure. */
function asApiResult(body: unknown): ApiResult<unknown> | undefined {
  if (body === null || typeof body !== 'object') return undefined
  const candidate = body as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } }
  if (candidate.ok === true && 'value' in candidate) return { ok: true, value: candidate.value }
  const error = candidate.error
  if (
    candidate.ok === false &&
    error &&
    typeof error.code === 'string' &&
    CODE_PATTERN.test(error.code) &&
    typeof error.message === 'string'
  ) {
    return body as ApiResult<unknown>
  }
  return undefined
}

/** A bridge over HTTP: POST `${base}/api/<method>` with the input as JSON. */
export function createHttpBridge(fetchImpl: FetchLike, base = ''): InvigilBridge {
  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<ApiOutput<M>>> {
      let response: Awaited<ReturnType<FetchLike>>
      try {
        response = await fetchImpl(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
        })
      } catch {
        return transportFailed(`the station did not answer ${method}`)
      }
      const body = await response.json().catch(() => undefined)
      const result = asApiResult(body)
      if (!result)
        return transportFailed(`the station answered ${method} with HTTP ${String(response.status)} and no result`)
      // The server ran this method's handler, so the value has this method's output type.
      return result as ApiResult<ApiOutput<M>>
    },
  }
}

let httpBridge: InvigilBridge | undefined

/** `window.invigil` under Electron; otherwise an HTTP client to the host that served this page. */
export function getBridge(): InvigilBridge {
  if (window.invigil) return window.invigil
  httpBridge ??= createHttpBridge((url, init) =>
    window.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' }),
  )
  return httpBridge
}
