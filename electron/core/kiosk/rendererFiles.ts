import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { assetContentType } from './appAssets'
import { SECURITY_HEADERS } from './loopbackPagePolicy'

/**
 * The built renderer's files over plain HTTP, for the servers that hand the app to a browser (the browser host, the
 * room console), and their JSON and text replies, with the security headers on every answer.
 */
const isFile = async (path: string): Promise<boolean> => (await stat(path).catch(() => null))?.isFile() ?? false

/**
 * Which file answers a path under the built renderer: the file itself; index.html for app routes (no extension);
 * nothing for a missing asset or a path that escapes the directory (../ tricks).
 */
export async function resolveRendererFile(root: string, pathname: string): Promise<string | undefined> {
  const base = normalize(root + sep)
  const file = normalize(join(base, pathname))
  if (!file.startsWith(base)) return undefined
  if (await isFile(file)) return file
  return extname(pathname) === '' ? join(base, 'index.html') : undefined
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

export async function serveRendererFile(
  root: string,
  pathname: string,
  res: ServerResponse,
  headOnly: boolean,
): Promise<void> {
  const found = await resolveRendererFile(root, pathname)
  if (!found) return sendText(res, 404, 'not found')
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': assetContentType(extname(found)) ?? 'application/octet-stream',
  })
  if (headOnly) return void res.end()
  createReadStream(found)
    .on('error', () => res.destroy())
    .pipe(res)
}
