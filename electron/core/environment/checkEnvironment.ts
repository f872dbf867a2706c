import { checkDisplays } from './displayCheck'
import { DEFAULT_ENVIRONMENT_POLICY } from './environmentPolicy'
import type { EnvironmentPolicy } from './environmentPolicy'
import type { EnvironmentCheck, EnvironmentProbes, EnvironmentReport, ProcessList } from './environmentTypes'
import { listProcesses } from './processList'
import { checkProhibitedProcesses } from './prohibitedProcessCheck'
import { checkRemoteSession } from './remoteSessionCheck'
import { checkVirtualMachine } from './virtualMachineCheck'

const NOT_LISTED: ProcessList = { ok: true, names: [] }

/** Runs every check the policy turns on; the session waits for a proctor when any of them fails. */
export async function checkEnvironment(
  probes: EnvironmentProbes,
  policy: EnvironmentPolicy = DEFAULT_ENVIRONMENT_POLICY,
): Promise<EnvironmentReport> {
  const needProcesses = policy.remoteSession !== 'off' || policy.prohibitedProcesses.status !== 'off'
  const [displays, processes, vm] = await Promise.all([
    probes.displays(),
    needProcesses ? listProcesses(probes) : Promise.resolve(NOT_LISTED),
    policy.virtualMachine === 'off' ? Promise.resolve(undefined) : checkVirtualMachine(probes, policy.virtualMachine),
  ])
  const checks: EnvironmentCheck[] = [checkDisplays(displays, policy.displays)]
  if (vm) checks.push(vm)
  if (policy.remoteSession !== 'off') checks.push(checkRemoteSession(probes, processes, policy.remoteSession))
  if (policy.prohibitedProcesses.status !== 'off')
    checks.push(checkProhibitedProcesses(processes, policy.prohibitedProcesses, probes.platform))
  return { checks, blocking: checks.some((check) => check.status === 'fail') }
}
