import { loadEnvironmentPolicy, resolvePolicy } from '../environment/environmentPolicy'
import type { EnvironmentPolicy } from '../environment/environmentPolicy'
import type { InstalledSittings } from './installedSitting'

/**
 * The one place that decides which environment policy a station applies, for the Electron shell and the browser
 * host alike: the installed sitting's policy, signed by the exam authority, wins over `environment.yaml`, which
 * anyone with the data directory can edit; without a sitting, environment.yaml, or the defaults when there is none.
 * `sittings` is undefined only where the station itself could not open.
 */
export async function stationEnvironmentPolicy(
  sittings: Pick<InstalledSittings, 'get'> | undefined,
  environmentFile: string,
): Promise<EnvironmentPolicy> {
  const signed = sittings?.get()?.environment
  return signed ? resolvePolicy(signed) : loadEnvironmentPolicy(environmentFile)
}
