import type { CheckId } from '@contract'

/** The i18n key of each environment check's name, for the checks panel and the incident feed alike. */
export const CHECK_NAME_KEYS: Readonly<Record<CheckId, string>> = {
  displays: 'proctor.environment.names.displays',
  'virtual-machine': 'proctor.environment.names.virtualMachine',
  'remote-session': 'proctor.environment.names.remoteSession',
  'prohibited-processes': 'proctor.environment.names.prohibitedProcesses',
}

/** The key for a check id from the core, or undefined for an id this screen does not know (a newer core). */
export const checkNameKey = (id: string): string | undefined =>
  Object.hasOwn(CHECK_NAME_KEYS, id) ? CHECK_NAME_KEYS[id as CheckId] : undefined
