import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { findElectronBinary, SKIP_MESSAGE } from './electronBinary'

const ROOT = resolve(import.meta.dirname, '..')

/**
 * Before the suite: say loudly when the Electron tests will be skipped; otherwise build better-sqlite3 for
 * Electron (scripts/electron-native.mjs) and, on a Linux machine without a display, start Xvfb for the app.
 */
export default function globalSetup(): (() => void) | undefined {
  const binary = findElectronBinary()
  if (!binary.ok) {
    console.log(`\n[e2e-electron] ${SKIP_MESSAGE}\n[e2e-electron] ${binary.reason}\n`)
    return undefined
  }
  const native = spawnSync(process.execPath, [resolve(ROOT, 'scripts/electron-native.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  if (native.status !== 0)
    console.log('[e2e-electron] better-sqlite3 for Electron is missing: the app will report its station unavailable')
  let xvfb: ChildProcess | undefined
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    xvfb = spawn('Xvfb', [':97', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' })
    process.env.DISPLAY = ':97'
  }
  return () => {
    xvfb?.kill()
  }
}
