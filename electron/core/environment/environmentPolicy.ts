import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { z } from 'zod'
import { EnvironmentError } from './environmentError'

/**
 * What a testing center decides about each check: how many displays are fine, and whether a virtual machine, a
 * remote session or a prohibited program blocks the session (fail), only warns the proctor (warn), or is not
 * checked (off). Read from `environment.yaml` (or JSON: YAML reads both) in the station's data directory; any
 * section left out keeps its default.
 */
const verdict = z.enum(['fail', 'warn', 'off'])

const processRule = z.strictObject({
  /** What the proctor reads: "TeamViewer (remote control)". */
  label: z.string().min(1).max(80),
  /** Executable names, case-insensitive, ".exe" optional; `*` and `?` are globs. Never substrings. */
  names: z
    .array(
      z
        .string()
        .min(1)
        .max(100)
        .regex(/^[^/\\]+$/, 'a name, not a path'),
    )
    .min(1),
})

/** The schema of environment.yaml; a signed sitting file carries the same policy (core/sitting). */
export const environmentPolicySchema = z.strictObject({
  displays: z
    .strictObject({ max: z.number().int().min(1).max(8).default(1), status: z.enum(['fail', 'warn']).default('warn') })
    .default({ max: 1, status: 'warn' }),
  virtualMachine: verdict.default('fail'),
  remoteSession: verdict.default('fail'),
  prohibitedProcesses: z
    .strictObject({
      status: verdict.default('fail'),
      includeDefaults: z.boolean().default(true),
      rules: z.array(processRule).default([]),
    })
    .default({ status: 'fail', includeDefaults: true, rules: [] }),
})

export type ProcessRule = z.infer<typeof processRule>
export type CheckVerdict = z.infer<typeof verdict>
export interface EnvironmentPolicy {
  displays: { max: number; status: 'fail' | 'warn' }
  virtualMachine: CheckVerdict
  remoteSession: CheckVerdict
  prohibitedProcesses: { status: CheckVerdict; rules: ProcessRule[] }
}

/** Programs that show the screen to someone else, record it, or answer questions. Exact executable names per OS. */
export const DEFAULT_PROHIBITED_PROCESSES: readonly ProcessRule[] = [
  {
    label: 'TeamViewer (remote control)',
    names: ['TeamViewer', 'TeamViewer_Service', 'teamviewerd', 'TeamViewer_Desktop'],
  },
  { label: 'AnyDesk (remote control)', names: ['AnyDesk'] },
  { label: 'RustDesk (remote control)', names: ['rustdesk'] },
  { label: 'Chrome Remote Desktop (remote control)', names: ['remoting_host', 'chrome-remote-desktop-host'] },
  { label: 'Parsec (remote control)', names: ['parsecd'] },
  { label: 'Discord (chat and screen sharing)', names: ['Discord', 'DiscordPTB', 'DiscordCanary'] },
  { label: 'OBS Studio (screen recording)', names: ['obs', 'obs32', 'obs64', 'obs-studio'] },
  { label: 'ChatGPT desktop (AI assistant)', names: ['ChatGPT'] },
  { label: 'Claude desktop (AI assistant)', names: ['Claude'] },
  { label: 'Zoom (screen sharing)', names: ['Zoom', 'zoom.us'] },
  { label: 'Microsoft Teams (screen sharing)', names: ['Teams', 'ms-teams', 'MSTeams'] },
  { label: 'Skype (screen sharing)', names: ['Skype'] },
  { label: 'Slack (chat)', names: ['Slack'] },
  { label: 'Telegram (chat)', names: ['Telegram'] },
  { label: 'WhatsApp (chat)', names: ['WhatsApp'] },
]

/** The policy as written, defaults filled in: what a sitting file signs. */
export type EnvironmentPolicySettings = z.infer<typeof environmentPolicySchema>

/** The policy as the checks apply it: the default process rules added when asked for. */
export function resolvePolicy(parsed: EnvironmentPolicySettings): EnvironmentPolicy {
  const { status, includeDefaults, rules } = parsed.prohibitedProcesses
  return {
    displays: parsed.displays,
    virtualMachine: parsed.virtualMachine,
    remoteSession: parsed.remoteSession,
    prohibitedProcesses: { status, rules: [...(includeDefaults ? DEFAULT_PROHIBITED_PROCESSES : []), ...rules] },
  }
}

export const DEFAULT_ENVIRONMENT_POLICY: EnvironmentPolicy = resolvePolicy(environmentPolicySchema.parse({}))

/** Parses environment.yaml (or .json); `source` names the file in the error. */
export function parseEnvironmentPolicy(text: string, source: string): EnvironmentPolicy {
  let raw: unknown
  try {
    raw = parse(text) ?? {}
  } catch (error) {
    throw new EnvironmentError('ENVIRONMENT_CONFIG_INVALID', `${source}: not YAML or JSON: ${(error as Error).message}`)
  }
  const result = environmentPolicySchema.safeParse(raw)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : '(top level)'
    throw new EnvironmentError('ENVIRONMENT_CONFIG_INVALID', `${source}: ${where}: ${issue?.message ?? 'invalid'}`)
  }
  return resolvePolicy(result.data)
}

/** The policy in `file`, or the defaults when the station has none. */
export async function loadEnvironmentPolicy(file: string): Promise<EnvironmentPolicy> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_ENVIRONMENT_POLICY
    throw new EnvironmentError('ENVIRONMENT_CONFIG_INVALID', `${file}: cannot read: ${(error as Error).message}`)
  }
  return parseEnvironmentPolicy(text, file)
}
