import type { EnvironmentPolicy } from './environmentPolicy'
import { checkWords } from './environmentMessages'
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
      ...checkWords('processesUnlisted', 'processesUnlistedDetails'),
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
      ...checkWords('processesNone', 'processesNoneDetails', {
        processes: processes.names.length,
        rules: policy.rules.length,
      }),
      evidence: [],
    }
  }
  const labels = [...new Set(found.map((hit) => hit.label))]
  return {
    id,
    status: policy.status === 'fail' ? 'fail' : 'warn',
    // The labels are program names (TeamViewer, AnyDesk): the same in every language.
    ...checkWords('processesFound', 'processesFoundDetails', { programs: labels.join(', ') }),
    evidence: found.map((hit) => hit.line),
  }
}
