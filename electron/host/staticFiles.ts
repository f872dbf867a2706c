import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { assetContentType } from '../core/kiosk/appAssets'
import { SECURITY_HEADERS, sendText } from './securityHeaders'

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
