/**
 * The environment checks a station runs before a session: what the OS reports, with every finding naming the
 * string that matched and where it was read, so a proctor can tell a real problem from a false alarm.
 */
import type { CheckMessage } from './environmentMessages'

/** `unchecked`: this check could not run here (the browser host cannot count screens); it is not a pass. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unchecked'
export type CheckId = 'displays' | 'virtual-machine' | 'remote-session' | 'prohibited-processes'

export interface EnvironmentCheck {
  id: CheckId
  status: CheckStatus
  /** One sentence: what was found (English, for the session log and the command line). */
  summary: string
  /** What it means and what to do about it (English, as summary). */
  details: string
  /** The same two sentences as message keys and values: what a screen shows, in its own language. */
  messages: { summary: CheckMessage; details: CheckMessage }
  /** Exactly what matched, where: `/sys/class/dmi/id/sys_vendor = "VMware, Inc." (VMware)`. */
  evidence: string[]
}

export interface EnvironmentReport {
  checks: EnvironmentCheck[]
  /** True when any check failed: the session waits for a proctor's override (logged with its reason). */
  blocking: boolean
}

export interface DisplayInfo {
  id: number
  width: number
  height: number
  label?: string
  internal?: boolean
}

export type CommandResult = { ok: true; stdout: string } | { ok: false; error: string }

/** Everything the checks read from the machine, injected so the tests can play any OS. */
export interface EnvironmentProbes {
  /** `process.platform`. */
  platform: string
  env: Readonly<Record<string, string | undefined>>
  /** In the app: Electron's screen.getAllDisplays(). */
  displays(): Promise<readonly DisplayInfo[]>
  /** The file's text, or undefined when it is missing or unreadable. */
  readText(file: string): Promise<string | undefined>
  /** Runs a program (no shell) and returns its standard output. */
  run(command: string, args: readonly string[]): Promise<CommandResult>
}

export type ProcessList = { ok: true; names: readonly string[] } | { ok: false; error: string }
