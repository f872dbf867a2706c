import { join } from 'node:path'
import { app, safeStorage } from 'electron'
import { createStationApi, unavailableStationApi } from '../../core/api/stationApi'
import type { StationApi } from '../../core/api/stationApi'
import type { EnvironmentReport } from '../../core/environment/environmentTypes'
import { osKeystoreProtector } from '../../core/crypto/osKeystoreProtector'
import { prepareDemoExams } from '../../core/demo/demoExams'
import { connectStationToRoom } from '../../core/roomLink/stationRoomConnection'
import type { DemoExams } from '../../core/demo/demoExams'
import { openStationRuntime } from '../../core/runtime/stationRuntime'
import type { StationRuntime } from '../../core/runtime/stationRuntime'
import { allowExitOnce } from './exitGuard'
import { sqliteNativeBinding } from './nativeBinding'
import { checkStationEnvironment } from './stationEnvironment'
import { sittingTextFromRoom } from '../../core/roomLink/roomSittingSource'

/** The station's API (core/api/stationApi.ts) and the station data it holds open until the app quits. */
export interface OpenedStationApi extends StationApi {
  /** The environment checks under the policy this station applies (its installed sitting's, else environment.yaml). */
  checkEnvironment(): Promise<EnvironmentReport>
  close(): Promise<void>
}

/**
 * Development builds (npm start) offer the seed exams in banks/, signed by a demo authority kept in the user data
 * directory; a packaged app never does. A failure here costs the demo exams, not the station.
 */
export async function developmentDemoExams(): Promise<DemoExams | undefined> {
  if (app.isPackaged) return undefined
  try {
    const demo = await prepareDemoExams({
      dir: join(app.getPath('userData'), 'demo'),
      banksDir: join(app.getAppPath(), 'banks'),
    })
    for (const { file, reason } of demo.skipped) console.warn(`invigil: demo exam skipped: ${file}: ${reason}`)
    return demo
  } catch (error) {
    console.error('invigil: could not prepare the demo exams:', error)
    return undefined
  }
}

/**
 * Opens the station in the app's data directory, its master key protected by the OS keystore, and the API over it.
 * A station that cannot open (no usable keyring, a damaged file) still gets an API: every call says so, and the
 * real reason goes to the log, not to the candidate's screen.
 */
export async function openStationApi(demoExams?: DemoExams): Promise<OpenedStationApi> {
  const nativeBinding = sqliteNativeBinding({
    isPackaged: app.isPackaged,
    appRoot: app.getAppPath(),
    electronVersion: process.versions.electron,
  })
  const dataDir = join(app.getPath('userData'), 'station')
  let runtime: StationRuntime
  try {
    runtime = await openStationRuntime({
      dataDir,
      protector: osKeystoreProtector(safeStorage),
      ...(nativeBinding ? { nativeBinding } : {}),
    })
  } catch (error) {
    console.error('invigil: the station could not open:', error)
    return {
      ...unavailableStationApi(),
      checkEnvironment: () => checkStationEnvironment(),
      close: () => Promise.resolve(),
    }
  }
  const checkEnvironment = (): Promise<EnvironmentReport> => checkStationEnvironment(runtime.admin.sitting)
  // Set once the room link below runs: the candidate's start then waits for the room's release.
  let roomLinked = false
  // proctor.unlockExit (PIN-checked by the handler) lets the kiosk window close once.
  const api = createStationApi(runtime, {
    transport: 'electron',
    appVersion: app.getVersion(),
    onExitUnlocked: () => allowExitOnce(),
    checkEnvironment,
    roomLinked: () => roomLinked,
    sittingFromRoom: sittingTextFromRoom,
    ...(demoExams ? { demoExams } : {}),
  })
  // The room the installed sitting names (room.address): status, commands, log replica and results. Never awaited by
  // the exam: a room that is down costs nothing but a line in the log.
  const room = await connectStationToRoom(runtime, {
    dataDir,
    appVersion: app.getVersion(),
    // A spare PC: a seat the room moves here becomes the candidate desk's, and its candidate continues it here.
    onSessionMovedHere: ({ sessionId }) => void api.takeMovedSession(sessionId),
    onCourierError: (error) => console.warn('invigil: results not yet delivered to the room:', error),
  }).catch((error: unknown) => {
    console.error('invigil: no room link:', error)
    return undefined
  })
  roomLinked = room !== undefined
  const close = async (): Promise<void> => {
    await room?.stop()
    await runtime.close()
  }
  return { ...api, checkEnvironment, close }
}
