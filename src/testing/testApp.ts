import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { injectBridge } from '../api/client'
import { i18n } from '../i18n'
import { FakeStation } from './fakeStation'

/** A fresh Pinia and fake station per test, wired the way the app wires the real ones. */
export function setUpTestApp(station = new FakeStation()): {
  pinia: Pinia
  station: FakeStation
  plugins: [Pinia, typeof i18n]
} {
  const pinia = createPinia()
  setActivePinia(pinia)
  injectBridge(station)
  i18n.global.locale.value = 'en'
  return { pinia, station, plugins: [pinia, i18n] }
}

/** Lets every pending promise callback run (fake bridge calls resolve in microtasks). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}
