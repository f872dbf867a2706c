import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { isLoopbackAddress, NonLoopbackBindError } from './loopback'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

export interface RendererServer {
  url: string
  server: Server
  close: () => Promise<void>
}

/** Serves the built renderer (out/renderer) over loopback HTTP, falling back to index.html for app routes. */
export async function startRendererServer(root: string, host = '127.0.0.1', port = 0): Promise<RendererServer> {
  if (!isLoopbackAddress(host)) throw new NonLoopbackBindError(host)
  const base = normalize(root + sep)
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname)
    const file = normalize(join(base, pathname))
    // Refuse anything that escapes the renderer directory (../ tricks).
    const target = file.startsWith(base) ? file : null
    void (async () => {
      const found = target && (await stat(target).catch(() => null))?.isFile() ? target : join(base, 'index.html')
      res.writeHead(200, {
        'Content-Type': MIME[extname(found)] ?? 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      })
      createReadStream(found).pipe(res)
    })().catch(() => {
      res.writeHead(500).end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shownHost}:${address.port}/`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
