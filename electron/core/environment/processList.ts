import type { EnvironmentProbes, ProcessList } from './environmentTypes'

/**
 * The running programs' executable names, from `tasklist` on Windows and `ps` elsewhere, and the one way rules
 * match them: whole names, case-insensitive, ".exe" optional, globs only where a rule writes `*` or `?`. Never a
 * substring, so "obs" does not match "jobsd" nor "obsidian".
 */

/** Linux keeps only the first 15 characters of a process name (TASK_COMM_LEN). */
const LINUX_COMM_CHARS = 15

export async function listProcesses(probes: EnvironmentProbes): Promise<ProcessList> {
  const windows = probes.platform === 'win32'
  const result = windows
    ? await probes.run('tasklist', ['/fo', 'csv', '/nh'])
    : await probes.run('ps', ['-A', '-o', 'comm='])
  if (!result.ok) return result
  const lines = result.stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const names = lines.map((line) => {
    // tasklist: "TeamViewer.exe","1234","Console","1","12,345 K" — the first quoted field is the image name.
    if (windows) return /^"([^"]*)"/.exec(line)?.[1] ?? line
    // macOS ps prints the executable's full path: "/Applications/Discord.app/Contents/MacOS/Discord".
    return probes.platform === 'darwin' ? line.slice(line.lastIndexOf('/') + 1) : line
  })
  return { ok: true, names: [...new Set(names.filter((name) => name !== ''))] }
}

const normalise = (name: string): string => name.toLowerCase().replace(/\.exe$/, '')

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`)
}

/** Whether process `name` is what rule name `pattern` means, on `platform`. */
export function matchesProcessName(name: string, pattern: string, platform: string): boolean {
  const process = normalise(name)
  const wanted = normalise(pattern)
  if (/[*?]/.test(wanted)) return globToRegExp(wanted).test(process)
  if (process === wanted) return true
  // A name cut at 15 characters by Linux matches a longer rule name it is the start of.
  return platform === 'linux' && process.length === LINUX_COMM_CHARS && wanted.startsWith(process)
}
