import type { EnvironmentPolicy } from './environmentPolicy'
import type { EnvironmentCheck, ProcessList } from './environmentTypes'
import { matchesProcessName } from './processList'

/** Programs the center's list forbids during an exam; each finding names the process and the rule it matched. */
export function checkProhibitedProcesses(
  processes: ProcessList,
  policy: EnvironmentPolicy['prohibitedProcesses'],
  platform: string,
): EnvironmentCheck {
  const id = 'prohibited-processes'
  if (!processes.ok) {
    return {
      id,
      status: 'warn',
      summary: 'Could not list the running programs.',
      details: 'Check the station by eye for remote-control, recording and chat programs.',
      evidence: [processes.error],
    }
  }
  const found = policy.rules.flatMap((rule) =>
    processes.names.flatMap((name) => {
      const pattern = rule.names.find((candidate) => matchesProcessName(name, candidate, platform))
      return pattern ? [{ label: rule.label, line: `process "${name}" matches "${pattern}" (${rule.label})` }] : []
    }),
  )
  if (found.length === 0) {
    return {
      id,
      status: 'pass',
      summary: 'No prohibited program is running.',
      details: `${String(processes.names.length)} processes checked against ${String(policy.rules.length)} rules.`,
      evidence: [],
    }
  }
  const labels = [...new Set(found.map((hit) => hit.label))]
  return {
    id,
    status: policy.status === 'fail' ? 'fail' : 'warn',
    summary: `Prohibited program(s) running: ${labels.join(', ')}.`,
    details:
      'Quit them (including their background service or tray icon) and run the check again. If a rule is wrong for this center, an administrator can change environment.yaml.',
    evidence: found.map((hit) => hit.line),
  }
}
