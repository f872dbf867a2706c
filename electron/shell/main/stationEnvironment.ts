import { join } from 'node:path'
import { app, screen } from 'electron'
import { checkEnvironment } from '../../core/environment/checkEnvironment'
import type { InstalledSittings } from '../../core/admin/installedSitting'
import { stationEnvironmentPolicy } from '../../core/admin/stationEnvironmentPolicy'
import type { EnvironmentReport } from '../../core/environment/environmentTypes'
import { nodeEnvironmentProbes } from '../../core/environment/nodeProbes'

/**
 * The environment checks on this machine, with the displays Electron sees, under the installed sitting's signed
 * policy, else the center's environment.yaml from the data directory (core's stationEnvironmentPolicy decides). For
 * the API's session start and proctor override (which logs `environment_check`); without a station (it could not
 * open), environment.yaml alone.
 */
export async function checkStationEnvironment(sittings?: InstalledSittings): Promise<EnvironmentReport> {
  const policy = await stationEnvironmentPolicy(sittings, join(app.getPath('userData'), 'environment.yaml'))
  const displays = (): { id: number; width: number; height: number; label: string; internal: boolean }[] =>
    screen
      .getAllDisplays()
      .map((display) => ({ id: display.id, ...display.size, label: display.label, internal: display.internal }))
  return checkEnvironment(nodeEnvironmentProbes(displays), policy)
}
