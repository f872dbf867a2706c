import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import type { DisplayInfo, EnvironmentProbes } from './environmentTypes'

/** tasklist and PowerShell can be slow on a busy PC; a check that hangs must not hold the session for long. */
const COMMAND_TIMEOUT_MS = 15_000

/** The real machine: files, programs (run without a shell) and environment; displays come from the caller. */
export function nodeEnvironmentProbes(
  displays: () => readonly DisplayInfo[] | Promise<readonly DisplayInfo[]>,
): EnvironmentProbes {
  return {
    platform: process.platform,
    env: process.env,
    displays: async () => displays(),
    readText: async (file) => {
      try {
        return await readFile(file, 'utf8')
      } catch {
        return undefined
      }
    },
    run: (command, args) =>
      new Promise((resolve) => {
        execFile(
          command,
          [...args],
          { timeout: COMMAND_TIMEOUT_MS, windowsHide: true, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
          (error, stdout) => {
            resolve(
              error
                ? { ok: false, error: `${command}: ${error.message.split('\n')[0] ?? 'failed'}` }
                : { ok: true, stdout },
            )
          },
        )
      }),
  }
}
