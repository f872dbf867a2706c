import { join } from 'node:path'
import { checkEnvironment } from '../core/environment/checkEnvironment'
import type { InstalledSittings } from '../core/admin/installedSitting'
import { stationEnvironmentPolicy } from '../core/admin/stationEnvironmentPolicy'
import { checkWords } from '../core/environment/environmentMessages'
import type { EnvironmentCheck, EnvironmentReport } from '../core/environment/environmentTypes'
import { nodeEnvironmentProbes } from '../core/environment/nodeProbes'

/**
 * The browser host cannot see the screens: it says so instead of guessing (a false fail is worse than none), and
 * reports the check as not done rather than passed.
 */
export const DISPLAYS_NOT_CHECKED: EnvironmentCheck = {
  id: 'displays',
  status: 'unchecked',
  ...checkWords('displaysNotChecked', 'displaysNotCheckedDetails'),
  evidence: [],
}

/**
 * The environment checks for the browser host: the Node probes (virtual machine, remote session, processes) under
 * the installed sitting's signed policy, else the center's environment.yaml from the data directory (core's
 * stationEnvironmentPolicy decides); the display count is left to the Electron app.
 */
export async function checkHostEnvironment(
  dataDir: string,
  sittings?: Pick<InstalledSittings, 'get'>,
): Promise<EnvironmentReport> {
  const policy = await stationEnvironmentPolicy(sittings, join(dataDir, 'environment.yaml'))
  const report = await checkEnvironment(
    nodeEnvironmentProbes(() => []),
    policy,
  )
  const checks = report.checks.map((check) => (check.id === 'displays' ? DISPLAYS_NOT_CHECKED : check))
  return { checks, blocking: checks.some((check) => check.status === 'fail') }
}
