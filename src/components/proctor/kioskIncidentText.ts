import type { KeyCategory, KioskIncidentFacts, OsEventKind } from '@contract'

type Translate = (key: string, values?: Record<string, unknown>) => string

/** The i18n key of each kiosk event's sentence (i18n keys avoid the events' hyphens). */
const EVENT_KEYS: Readonly<Record<OsEventKind, string>> = {
  blur: 'blur',
  focus: 'focus',
  minimize: 'minimize',
  'leave-full-screen': 'leaveFullScreen',
  suspend: 'suspend',
  resume: 'resume',
  'lock-screen': 'lockScreen',
  'unlock-screen': 'unlockScreen',
  'display-added': 'displayAdded',
  'display-removed': 'displayRemoved',
  'key-blocked': 'keyBlocked',
  'navigation-denied': 'navigationDenied',
  'window-open-denied': 'windowOpenDenied',
  'exit-refused': 'exitRefused',
}

/** Key categories this screen words; any other (a newer core) is said as "not allowed during the exam". */
const KEY_CATEGORIES: Readonly<Record<KeyCategory, true>> = {
  reload: true,
  devtools: true,
  zoom: true,
  print: true,
  close: true,
  quit: true,
  fullscreen: true,
  newWindow: true,
  save: true,
  open: true,
  viewSource: true,
  windowMenu: true,
  hide: true,
  history: true,
  systemSwitch: true,
  screenshot: true,
}

/**
 * A kiosk incident in the reader's language: what happened, with the key combination as printed on the keys and
 * what it would have done. An event this screen does not know yet (a newer core) gets undefined, so the caller
 * shows the core's own words rather than nothing.
 */
export function kioskIncidentText(t: Translate, facts: KioskIncidentFacts): string | undefined {
  if (!Object.hasOwn(EVENT_KEYS, facts.event)) return undefined
  const key = `proctor.incidents.kiosk.${EVENT_KEYS[facts.event]}`
  const category =
    facts.category !== undefined && Object.hasOwn(KEY_CATEGORIES, facts.category) ? facts.category : 'other'
  return t(key, {
    keys: facts.keys ?? '',
    what: t(`proctor.incidents.keyCategories.${category}`),
    count: facts.displayCount ?? 0,
    via: t(`proctor.incidents.exitVia.${facts.via ?? 'close'}`),
  })
}
