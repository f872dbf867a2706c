import { join } from 'node:path'
import { app, safeStorage } from 'electron'
import { failure } from '../core/api/apiErrors'
import { createApiHandlers, createDispatch } from '../core/api/handlers'
import type { ApiDispatch } from '../core/api/handlers'
import { osKeystoreProtector } from '../core/crypto/osKeystoreProtector'
import { openStationRuntime } from '../core/runtime/stationRuntime'
import type { StationRuntime } from '../core/runtime/stationRuntime'
import type { SessionService } from '../core/session/sessionService'
import { allowExitOnce } from './exitGuard'
import { sqliteNativeBinding } from './nativeBinding'
import { checkStationEnvironment } from './stationEnvironment'

export interface StationApi {
  dispatch: ApiDispatch
  /** The sessions, for the kiosk's incident log; absent when the station could not open. */
  sessions?: SessionService
  close(): Promise<void>
}

/**
 * Opens the station in the app's data directory, its master key protected by the OS keystore, and the API
 * handlers over it. A station that cannot open (no usable keyring, a damaged file) still gets a dispatcher: every
 * call says so, and the real reason goes to the log, not to the candidate's screen.
 */
export async function openStationApi(): Promise<StationApi> {
  const nativeBinding = sqliteNativeBinding({ isPackaged: app.isPackaged, appRoot: app.getAppPath(), electronVersion: process.versions.electron })
  let runtime: StationRuntime
  try {
    runtime = await openStationRuntime({
      dataDir: join(app.getPath('userData'), 'station'),
      protector: osKeystoreProtector(safeStorage),
      ...(nativeBinding ? { nativeBinding } : {}),
    })
  } catch (error) {
    console.error('invigil: the station could not open:', error)
    const unavailable = failure('STORAGE_FAILED', 'the station could not open its data; ask the proctor')
    return { dispatch: () => Promise.resolve(unavailable), close: () => Promise.resolve() }
  }
  // proctor.unlockExit (PIN-checked by the handler) lets the kiosk window close once.
  const handlers = createApiHandlers(runtime, { transport: 'electron', appVersion: app.getVersion(), onExitUnlocked: () => allowExitOnce(), checkEnvironment: checkStationEnvironment })
  return { dispatch: createDispatch(handlers), sessions: runtime.sessions, close: () => runtime.close() }
}
