import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export const SKIP_MESSAGE =
  'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); skipping the _electron suite'

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string }

/**
 * Where the electron package put its binary, without `require('electron')`: that call tries to download the binary
 * when it is missing, which our offline machines cannot do.
 */
export function findElectronBinary(): ElectronBinary {
  let packageDir: string
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return { ok: false, reason: 'the electron package is not installed' }
  }
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return { ok: false, reason: `${pathFile} is missing: the binary was never downloaded` }
  const binary = join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist'),
    readFileSync(pathFile, 'utf8').trim(),
  )
  try {
    accessSync(binary, constants.X_OK)
  } catch {
    return { ok: false, reason: `${binary} is not an executable file` }
  }
  return { ok: true, path: binary }
}
