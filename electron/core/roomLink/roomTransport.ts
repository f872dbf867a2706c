/**
 * How the room link reaches the room: a `fetch`-shaped function (the platform's fetch in production, a scripted one
 * in tests that can cut or hang the link), wrapped so that every request ends within its timeout whether or not the
 * transport honours the abort signal. A room that does not answer costs the link one timeout, never the exam.
 */
export interface RoomResponse {
  ok: boolean
  status: number
  json(): Promise<unknown>
}

export type RoomFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<RoomResponse>

export class RoomUnreachableError extends Error {
  override readonly name = 'RoomUnreachableError'
}

/** POSTs `body` as JSON and returns the parsed reply; throws RoomUnreachableError on any failure or timeout. */
export async function postJson(fetch: RoomFetch, url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const abort = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort()
      reject(new RoomUnreachableError(`no answer within ${String(timeoutMs)} ms`))
    }, timeoutMs)
  })
  try {
    const request = (async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: abort.signal,
      })
      if (!response.ok) throw new RoomUnreachableError(`the room answered HTTP ${String(response.status)}`)
      return await response.json()
    })()
    // A transport that ignores the signal may settle after the timeout: its late rejection is not unhandled.
    request.catch(() => undefined)
    return await Promise.race([request, timeout])
  } catch (error) {
    if (error instanceof RoomUnreachableError) throw error
    throw new RoomUnreachableError((error as Error).message)
  } finally {
    clearTimeout(timer)
  }
}
