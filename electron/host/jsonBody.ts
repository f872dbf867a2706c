import type { IncomingMessage } from 'node:http'
import { DEFAULT_INPUT_BYTES } from '../core/api/inputLimits'

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string }

/**
 * Reads and parses a JSON request body, refusing (413) as soon as it is known to be too large: from its declared
 * length before a byte is read, or at the first chunk past the limit. The limit is the method's (core/api/inputLimits).
 */
export function readJsonBody(
  req: IncomingMessage,
  limit = DEFAULT_INPUT_BYTES,
  message = `request bodies are at most ${String(limit)} bytes`,
): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message }
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) {
    req.resume() // drain, so the connection can carry the refusal
    return Promise.resolve(tooLarge)
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (result: BodyResult): void => {
      if (done) return
      done = true
      resolve(result)
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        req.resume()
        finish(tooLarge)
      } else if (!done) chunks.push(chunk)
    })
    req.on('error', () => finish({ ok: false, status: 400, message: 'the request body could not be read' }))
    req.on('end', () => {
      if (done) return
      const text = Buffer.concat(chunks).toString('utf8')
      try {
        finish({ ok: true, value: text === '' ? {} : (JSON.parse(text) as unknown) })
      } catch {
        finish({ ok: false, status: 400, message: 'the request body is not valid JSON' })
      }
    })
  })
}
