import type { IncomingMessage } from 'node:http'

/** Largest API request body: a 20 000-character short answer in CJK is about 60 KB of UTF-8, so this is ample. */
export const MAX_BODY_BYTES = 256 * 1024

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string }

/** Reads and parses a JSON request body, refusing (413) as soon as it is known to be too large. */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `request bodies are at most ${String(limit)} bytes` }
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
