import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createStationApi } from '../core/api/stationApi'
import type { EnvironmentReport } from '../core/environment/environmentTypes'
import type { ErrorLog } from '../core/api/apiErrors'
import { prepareDemoExams } from '../core/demo/demoExams'
import type { DemoExams } from '../core/demo/demoExams'
import { passphraseProtector } from '../core/crypto/passphraseProtector'
import { installBankFile } from '../core/runtime/installBankFile'
import type { BankInstall } from '../core/runtime/installBankFile'
import { openStationRuntime } from '../core/runtime/stationRuntime'
import type { StationRuntime } from '../core/runtime/stationRuntime'
import { ManualClock, systemClock } from '../core/base/clock'
import { createHostRoutes } from './hostRoutes'
import { isLoopbackAddress, NonLoopbackBindError } from './loopback'
import { checkHostEnvironment } from './hostEnvironment'
import { allowedHostHeaders } from './requestPolicy'
import { sittingTextFromRoom } from '../core/roomLink/roomSittingSource'

export interface BrowserHostOptions {
  /** The station data directory: real station.json, real encrypted SQLite. Created on first use. */
  dataDir: string
  /** 0 picks a free port; `url` says which. */
  port: number
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. Anything else throws NonLoopbackBindError. */
  host?: string
  /** A bank file to install as the station's exam, unless this very file is already installed. */
  bank?: string
  /** Development only: package the banks in `banksDir` with a demo authority kept in `dir`, installable from the admin console. */
  demo?: { dir: string; banksDir: string }
  /** Unlocks the station's master key (the headless key protector). */
  passphrase: string
  /** The built renderer (out/renderer); null serves the API only, for a Vite dev server in front. */
  rendererDir: string | null
  /**
   * 'manual' for tests: time stands still until POST /__test/clock/advance moves it, and POST /__test/os-event
   * stands in for the OS events the kiosk shell would report.
   */
  clock?: 'system' | 'manual'
  /** Where a manual clock's wall time starts (ms since the epoch); now by default. A fixed start gives the same screens every run. */
  clockStartMs?: number
  appVersion?: string
  log?: ErrorLog
  /** The environment checks at session start; by default the Node probes (see hostEnvironment.ts). */
  checkEnvironment?: () => Promise<EnvironmentReport>
  /** Folders whose subfolders the Export page offers as USB sticks; the OS's usual mount folders by default. */
  exportTargetRoots?: readonly string[]
  /** Whether the station's room link runs (`invigil host --room`): its candidate's start waits for the room's release. */
  roomLinked?: () => boolean
}

export interface BrowserHost {
  /** e.g. http://127.0.0.1:4173/ */
  url: string
  runtime: StationRuntime
  /** The demo exams offered, if `demo` was given. */
  demoExams?: DemoExams
  /** What --bank did, if given. */
  bank?: BankInstall
  /** Present only on a manual clock. */
  testClock?: ManualClock
  /** A session the room moved here becomes the candidate's (StationApi.takeMovedSession); --room wires it. */
  takeMovedSession: (sessionId: string) => boolean
  close(): Promise<void>
}

export class RendererNotBuiltError extends Error {
  override readonly name = 'RendererNotBuiltError'
  readonly code = 'RENDERER_NOT_BUILT'
  constructor(dir: string) {
    super(
      `the renderer is not built (there is no ${join(dir, 'index.html')}); run \`npx electron-vite build\` (or \`npm run build\`) first`,
    )
  }
}

/**
 * The browser host: the real station (data directory, encryption, SQLite) behind the same API handlers the
 * Electron app uses, served with the built renderer over HTTP on loopback. How developers run the app in a
 * browser and how the E2E suite drives it.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const bindHost = options.host ?? '127.0.0.1'
  if (!isLoopbackAddress(bindHost)) throw new NonLoopbackBindError(bindHost)
  if (options.rendererDir !== null && !existsSync(join(options.rendererDir, 'index.html')))
    throw new RendererNotBuiltError(options.rendererDir)

  // Unless told otherwise, the manual clock starts at the real wall time, so timestamps in the record look like today's.
  const testClock = options.clock === 'manual' ? new ManualClock(0, options.clockStartMs ?? Date.now()) : undefined
  const runtime = await openStationRuntime({
    dataDir: options.dataDir,
    protector: passphraseProtector(options.passphrase),
    clock: testClock ?? systemClock,
  })
  try {
    const bank = options.bank === undefined ? undefined : await installBankFile(runtime, options.bank)
    const demoExams = options.demo ? await prepareDemoExams(options.demo) : undefined
    const { dispatch, incidents, examAsset, takeMovedSession } = createStationApi(runtime, {
      transport: 'browser-host',
      appVersion: options.appVersion ?? '0.0.0',
      ...(options.log ? { log: options.log } : {}),
      ...(demoExams ? { demoExams } : {}),
      checkEnvironment:
        options.checkEnvironment ?? (() => checkHostEnvironment(options.dataDir, runtime.admin.sitting)),
      ...(options.exportTargetRoots ? { exportTargetRoots: options.exportTargetRoots } : {}),
      ...(options.roomLinked ? { roomLinked: options.roomLinked } : {}),
      sittingFromRoom: sittingTextFromRoom,
    })
    // No OS here: on a test clock, the E2E suite reports window and OS events through the same kiosk incidents.
    let allowedHosts: ReadonlySet<string> = new Set()
    const server = createServer(
      createHostRoutes({
        dispatch,
        rendererDir: options.rendererDir,
        allowedHosts: () => allowedHosts,
        examAsset,
        ...(testClock ? { testHooks: { clock: testClock, incidents } } : {}),
      }),
    )
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, bindHost, resolve)
    })
    const address = server.address() as AddressInfo
    allowedHosts = allowedHostHeaders(address.address, address.port)
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address

    let closing: Promise<void> | undefined
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          // Keep-alive connections from a browser would otherwise hold the server open.
          server.closeAllConnections()
        })
        await runtime.close()
      })())

    return {
      url: `http://${shownHost}:${String(address.port)}/`,
      runtime,
      takeMovedSession,
      ...(bank ? { bank } : {}),
      ...(demoExams ? { demoExams } : {}),
      ...(testClock ? { testClock } : {}),
      close,
    }
  } catch (error) {
    await runtime.close()
    throw error
  }
}
