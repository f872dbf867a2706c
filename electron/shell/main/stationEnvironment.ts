import { join } from 'node:path'
import { app, screen } from 'electron'
import { checkEnvironment } from '../../core/environment/checkEnvironment'
import { loadEnvironmentPolicy } from '../../core/environment/environmentPolicy'
import type { EnvironmentReport } from '../../core/environment/environmentTypes'
import { nodeEnvironmentProbes } from '../../core/environment/nodeProbes'

/**
 * The environment checks on this machine, with the displays Electron sees and the center's environment.yaml from
 * the data directory. For the API's session start and proctor override (which logs `environment_check`).
 */
export async function checkStationEnvironment(): Promise<EnvironmentReport> {
  const policy = await loadEnvironmentPolicy(join(app.getPath('userData'), 'environment.yaml'))
  const displays = (): { id: number; width: number; height: number; label: string; internal: boolean }[] =>
    screen
      .getAllDisplays()
      .map((display) => ({ id: display.id, ...display.size, label: display.label, internal: display.internal }))
  return checkEnvironment(nodeEnvironmentProbes(displays), policy)
}
