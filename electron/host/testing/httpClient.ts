import { request } from 'node:http'

/** Test support: raw HTTP, because fetch will not send a forged Host header and always adds its own. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json(): unknown
}

interface RawOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Sent exactly as given, where a URL would normalise it (`..`, `%2e%2e`). */
  path?: string
}

export function rawRequest(url: string, options: RawOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const path = options.path ?? `${target.pathname}${target.search}`
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown })
        })
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** An API call as the served page makes it: POST, JSON, with this server's own Origin. */
export function apiCall(
  baseUrl: string,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const origin = new URL(baseUrl).origin
  return rawRequest(new URL(`/api/${method}`, baseUrl).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, ...headers },
    body: JSON.stringify(input),
  })
}
