import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InvalidArgumentError } from 'commander'
import type { Command } from 'commander'
import { connectStationToRoom } from '../core/roomLink/stationRoomConnection'
import { installSitting } from '../core/runtime/installSitting'
import { readStationText } from '../core/station/stationFile'
import { isLoopbackHost } from '../room/roomBind'
import { roomSittingLink } from '../core/roomLink/roomSittingSource'
import { startBrowserHost } from '../host/browserHost'
import type { BrowserHost } from '../host/browserHost'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { readSecret, UsageError } from './secretInput'
import { STATION_PASSPHRASE_ENV } from './stationCommands'
import { reportingTypedFailures } from './typedFailure'

const packageRoot = resolve(import.meta.dirname, '../..')
const DEFAULT_RENDERER_DIR = resolve(packageRoot, 'out/renderer')
const SEED_BANKS_DIR = resolve(packageRoot, 'banks')

interface HostFlags {
  port: number
  data: string
  bank?: string
  bind: string
  renderer: string
  testClock?: boolean
  demo?: boolean
  room?: string
}

function parsePort(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one)')
  return port
}

const appVersion = (): string =>
  (JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string }).version

/** The passphrase unlocks an existing station or protects a new one; a new one is asked for twice at a terminal. */
async function stationPassphrase(ctx: CommandContext, dataDir: string): Promise<string> {
  const isNew = (await readStationText(dataDir)) === undefined
  try {
    return await readSecret({ envVar: STATION_PASSPHRASE_ENV, what: 'station passphrase', confirm: isNew }, ctx.io)
  } catch (error) {
    if (!(error instanceof UsageError) || !isNew) throw error
    throw new UsageError(
      `${dataDir} holds no station yet, and creating one needs a passphrase to protect its keys: set ${STATION_PASSPHRASE_ENV}, or run the command in a terminal to be asked`,
    )
  }
}

/** Resolves on the first SIGINT or SIGTERM: the host then closes the server and the database. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      done(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

/**
 * No sitting installed yet: the station fetches the one the room serves and installs it only if an authority this
 * station trusts signed it (and, over https, only if it pins the very certificate that served it), as a USB install
 * would check it. So provisioning a lab PC is: set it up, trust the authority, start it with --room.
 */
async function installSittingFromRoom(ctx: CommandContext, running: BrowserHost, roomUrl: string): Promise<void> {
  const { runtime } = running
  try {
    const { text } = await roomSittingLink({ roomUrl, authorityPems: runtime.admin.authorities.pems(), waitMs: 30_000 })
    const { sitting } = await installSitting(runtime, text)
    ctx.io.err(`invigil host: installed sitting ${sitting.id} (${sitting.title}) from the room ${roomUrl}\n`)
  } catch (error) {
    await running.close()
    throw new UsageError(
      `--room: no sitting is installed and the room's could not be installed: ${(error as Error).message}. ` +
        'Trust the sitting authority in the admin console (or install the sitting file: invigil station install-sitting --data DIR FILE)',
    )
  }
}

/** With --room: the link the installed sitting defines: loopback http, or https to the certificate the sitting pins. */
async function linkToRoom(ctx: CommandContext, running: BrowserHost, roomUrl: string | undefined, dataDir: string) {
  if (roomUrl === undefined) return undefined
  const url = URL.canParse(roomUrl) ? new URL(roomUrl) : undefined
  const loopbackHttp = url?.protocol === 'http:' && isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))
  if (!loopbackHttp && url?.protocol !== 'https:') {
    await running.close()
    throw new UsageError(
      `--room takes the room's URL as room serve prints it (http://127.0.0.1:PORT, or https://ADDR:PORT with the certificate the sitting pins), not ${roomUrl}`,
    )
  }
  if (!running.runtime.admin.sitting.get()) await installSittingFromRoom(ctx, running, roomUrl)
  let connection
  try {
    connection = await connectStationToRoom(running.runtime, {
      roomUrl,
      dataDir,
      appVersion: appVersion(),
      // A spare: a seat the room moves here becomes this station's candidate desk's, to be continued on its page.
      onSessionMovedHere: ({ sessionId }) => void running.takeMovedSession(sessionId),
      onCourierError: (error) => ctx.io.err(`invigil host: results not yet delivered to the room: ${String(error)}\n`),
    })
  } catch (error) {
    await running.close()
    throw new UsageError(`--room: ${(error as Error).message}`)
  }
  if (!connection) {
    await running.close()
    throw new UsageError(
      '--room needs a sitting installed on this station: invigil station install-sitting --data DIR FILE',
    )
  }
  await connection.firstContact
  ctx.io.err(
    `invigil host: room ${roomUrl}: ${connection.link.status().summary}; the seat is the checked-in candidate's; results are delivered as candidates submit\n`,
  )
  return connection
}

async function host(ctx: CommandContext, flags: HostFlags): Promise<ExitCode> {
  if (flags.testClock) {
    ctx.io.err(
      'invigil host: WARNING: TEST CLOCK. Time stands still unless POST /__test/clock/advance moves it. Never use this for a real exam.\n',
    )
  }
  const passphrase = await stationPassphrase(ctx, flags.data)
  // Set once the room link runs; until then (and without --room) the candidate's start is not held for the room.
  let roomLinked = false
  const running: BrowserHost = await startBrowserHost({
    dataDir: flags.data,
    port: flags.port,
    host: flags.bind,
    passphrase,
    rendererDir: flags.renderer,
    clock: flags.testClock ? 'manual' : 'system',
    appVersion: appVersion(),
    ...(flags.bank === undefined ? {} : { bank: flags.bank }),
    ...(flags.demo ? { demo: { dir: join(flags.data, 'demo'), banksDir: SEED_BANKS_DIR } } : {}),
    roomLinked: () => roomLinked,
  })
  const stopped = untilStopped()
  if (running.bank) {
    const { exam, installed } = running.bank
    ctx.io.err(`invigil host: exam ${exam.id} "${exam.title}" ${installed ? 'installed' : 'already installed'}\n`)
  }
  if (running.demoExams) {
    const { authority, exams, skipped } = running.demoExams
    ctx.io.err(
      `invigil host: DEMO: ${String(exams.length)} seed exam(s) signed by demo authority ${authority.keyId}, whose private key is in ${join(flags.data, 'demo')}; never trust it on a real station\n`,
    )
    for (const { file, reason } of skipped) ctx.io.err(`invigil host: demo: skipped ${file}: ${reason}\n`)
  }
  const link = await linkToRoom(ctx, running, flags.room, flags.data)
  roomLinked = link !== undefined
  ctx.io.err(`invigil host: station ${running.runtime.station.stationId}, data in ${flags.data}; Ctrl+C stops\n`)
  ctx.io.out(`${running.url}\n`)
  const signal = await stopped
  await link?.stop()
  await running.close()
  ctx.io.err(`invigil host: stopped (${signal})\n`)
  return EXIT.ok
}

/** `invigil host`: the app in a browser, for development and end-to-end tests. Loopback only. */
export function registerHostCommand(program: Command, ctx: CommandContext): void {
  program
    .command('host')
    .description(
      `serve the app (built renderer + API) to a browser on loopback, with a real station in DIR; passphrase from ${STATION_PASSPHRASE_ENV} or the terminal`,
    )
    .requiredOption(
      '--port <port>',
      'TCP port on the loopback address (0 picks a free one; the URL printed says which)',
      parsePort,
    )
    .requiredOption('--data <dir>', 'the station data directory (created on first use)')
    .option('--bank <file>', 'install this bank file as the exam, unless it already is')
    .option('--room <url>', 'link to the room of the installed sitting (its seat map, commands, log replica)')
    .option('--bind <address>', 'loopback address to listen on: 127.0.0.1, ::1 or localhost', '127.0.0.1')
    .option('--renderer <dir>', 'the built renderer to serve', DEFAULT_RENDERER_DIR)
    .option(
      '--demo',
      `DEVELOPMENT ONLY: offer the seed exams in ${SEED_BANKS_DIR}, signed by a demo authority kept in DIR/demo`,
    )
    .option('--test-clock', 'FOR TESTS ONLY: a clock that moves only via POST /__test/clock/advance {"ms": N}')
    .action(async (flags: HostFlags) => ctx.exit(await reportingTypedFailures(ctx.io, () => host(ctx, flags))))
}
