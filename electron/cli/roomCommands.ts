import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { InvalidArgumentError, Option } from 'commander'
import type { Command } from 'commander'
import { ROOM_ACTIONS, type RoomAction } from '../core/protocol/roomMessages'
import { DEMO_SEATS, MAX_DEMO_SEATS } from '../core/demo/demoRoom'
import { openResultsStore } from '../core/results/openResultsStore'
import { redactedUrl } from '../core/results/resultsStore'
import { createBundleCollector } from '../core/room/bundleCollection'
import { createRoomConsole } from '../core/room/roomConsole'
import { commandProblem, newCmdId } from '../core/room/roomCommands'
import { RoomService } from '../core/room/roomService'
import { buildRoomStatus } from '../core/room/roomStatus'
import { openRoomStore } from '../core/room/roomStore'
import type { CommandRequest } from '../core/room/roomTypes'
import { verifySitting } from '../core/sitting/sittingFile'
import { isLoopbackHost } from '../room/roomBind'
import { createRoomConsoleRoutes } from '../room/roomConsoleRoutes'
import { startRoomServer } from '../room/roomServer'
import type { CommandContext } from './commandContext'
import { EXIT, type ExitCode } from './exitCodes'
import { demoBanner, prepareDemo, type DemoServeFlags } from './roomDemo'
import { registerRoomMove } from './roomMoveCommand'
import { openBoundStore, ROOM_DB } from './roomStoreFile'
import { formatRoomStatus } from './roomStatusText'
import { createRoomKey, openRoomKey, ROOM_PASSPHRASE_ENV } from './roomKeyFile'
import { readSecret, UsageError } from './secretInput'
import { reportingTypedFailures } from './typedFailure'

/**
 * `invigil room …`: the proctor PC's side of a sitting. `init` makes the room key, `serve` runs the room server
 * until stopped, `status` and `command` work on the room store beside a running server (SQLite WAL): a command is
 * queued in the store and the server, which alone holds the unlocked key, signs and issues it.
 */
const DEFAULT_RENDERER_DIR = resolve(import.meta.dirname, '../..', 'out/renderer')

interface ServeFlags extends DemoServeFlags {
  data: string
  port: number
  bind: string
  db?: string
  cert?: string
  key?: string
  renderer: string
  demo?: boolean
}

interface CommandFlags {
  data: string
  action: RoomAction
  all?: boolean
  seat?: string[]
  minutes?: number
  message?: string
  reason: string
  staff: string
  wait: number
}

const wholeNumber = (max: number) => (text: string) => {
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw new InvalidArgumentError(`a whole number from 0 to ${String(max)}`)
  return Number(text)
}

const seatCount = (text: string): number => {
  const count = wholeNumber(MAX_DEMO_SEATS)(text)
  if (count < 1) throw new InvalidArgumentError(`a whole number from 1 to ${String(MAX_DEMO_SEATS)}`)
  return count
}

const passphrase = (ctx: CommandContext, confirm: boolean) =>
  readSecret({ envVar: ROOM_PASSPHRASE_ENV, what: 'room passphrase', confirm }, ctx.io)

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

/** The room key and the verified sitting: the demo's, or the given file checked against the given authorities. */
async function sittingToServe(ctx: CommandContext, flags: ServeFlags) {
  if (flags.demo) return await prepareDemo(ctx, flags)
  if (flags.seats !== undefined) throw new UsageError('--seats goes with --demo')
  if (flags.sitting === undefined || !flags.authority?.length)
    throw new UsageError('room serve needs --sitting and --authority (or --demo)')
  const roomPrivateKey = await openRoomKey(flags.data, await passphrase(ctx, false))
  const trusted = await Promise.all(flags.authority.map((file) => readFile(file, 'utf8')))
  const sittingText = await readFile(flags.sitting, 'utf8')
  return { roomPrivateKey, sittingText, sitting: await verifySitting(sittingText, trusted) }
}

async function serve(ctx: CommandContext, flags: ServeFlags): Promise<ExitCode> {
  if ((flags.cert === undefined) !== (flags.key === undefined)) throw new UsageError('give --cert and --key together')
  const served = await sittingToServe(ctx, flags)
  const { roomPrivateKey, sittingText, sitting } = served
  const tls = flags.cert && flags.key ? { cert: await readFile(flags.cert), key: await readFile(flags.key) } : undefined
  const store = openRoomStore(join(flags.data, ROOM_DB))
  const target = flags.db ?? join(flags.data, 'results.db')
  const results = await openResultsStore(target).catch((error: unknown) => {
    store.close()
    throw error
  })
  try {
    // Only `--demo` (loopback-only, its own demo sitting) admits unlisted stations by itself: a real sitting's room,
    // on loopback too, admits the stations its sitting lists and those a proctor approves on the console.
    const service = new RoomService({ store, sitting, roomPrivateKey, demo: flags.demo === true })
    const collect = createBundleCollector({
      room: store,
      results,
      dataDir: flags.data,
      sittingId: sitting.payload.id,
      roomPrivateKey,
    })
    const stopped = untilStopped()
    const running = await startRoomServer({
      service,
      collect,
      host: flags.bind,
      port: flags.port,
      ...(tls ? { tls } : {}),
      ...(sitting.payload.room.tls_sha256 ? { pinnedTlsSha256: sitting.payload.room.tls_sha256 } : {}),
      sittingText,
      onError: (error) => ctx.io.err(`invigil room: ${(error as Error).stack ?? String(error)}\n`),
      console: createRoomConsoleRoutes({
        dispatch: createRoomConsole({ service, sitting }),
        rendererDir: existsSync(join(flags.renderer, 'index.html')) ? flags.renderer : null,
      }),
    })
    ctx.io.err(
      `invigil room: sitting ${sitting.payload.id}, room key ${service.roomKeyId}, results in ${redactedUrl(target)}; Ctrl+C stops\n`,
    )
    ctx.io.out(`${running.url}\nroom key ${service.roomKeyId}\n`)
    if ('proctor' in served) ctx.io.out(demoBanner(running.url, served))
    // The console answers browsers on this PC over loopback only: a LAN bind serves the stations, not the console.
    if (isLoopbackHost(flags.bind)) ctx.io.err(`invigil room: the proctor's console is at ${running.url}/#room\n`)
    const signal = await stopped
    await running.close()
    ctx.io.err(`invigil room: stopped (${signal})\n`)
    return EXIT.ok
  } finally {
    await results.close()
    store.close()
  }
}

function status(ctx: CommandContext, flags: { data: string; json?: boolean }): ExitCode {
  const { store, layout } = openBoundStore(flags.data)
  try {
    const view = buildRoomStatus(store, layout, Date.now())
    ctx.io.out(flags.json ? `${JSON.stringify(view, null, 2)}\n` : formatRoomStatus(view))
    return EXIT.ok
  } finally {
    store.close()
  }
}

async function command(ctx: CommandContext, flags: CommandFlags): Promise<ExitCode> {
  if (Boolean(flags.all) === Boolean(flags.seat?.length))
    throw new UsageError('give --all or --seat LABEL..., not both')
  const request: CommandRequest = {
    action: flags.action,
    target: flags.all ? { all: true } : { seats: flags.seat ?? [] },
    ...(flags.minutes === undefined ? {} : { minutes: flags.minutes }),
    ...(flags.message === undefined ? {} : { message: flags.message }),
    reason: flags.reason,
    staffId: flags.staff,
  }
  const { store, layout } = openBoundStore(flags.data)
  try {
    const problem = commandProblem(layout, request)
    if (problem) {
      ctx.io.err(`invigil: error: ${problem}\n`)
      return EXIT.invalid
    }
    const cmdId = newCmdId()
    store.requests.add(cmdId, JSON.stringify(request), new Date().toISOString())
    for (let waited = 0; waited < flags.wait * 1000; waited += 200) {
      const row = store.requests.get(cmdId)
      if (row?.outcome === 'issued') {
        const seq = store.commandByCmdId(cmdId)?.command.seq
        ctx.io.out(`issued ${cmdId} as seq ${String(seq)}: stations get it on their next heartbeat\n`)
        return EXIT.ok
      }
      if (row?.outcome === 'refused') {
        ctx.io.err(`invigil: error: the room refused ${cmdId}: ${row.reason ?? ''}\n`)
        return EXIT.invalid
      }
      await sleep(200)
    }
    ctx.io.out(`queued ${cmdId}: the running room (invigil room serve) signs and issues it\n`)
    return EXIT.ok
  } finally {
    store.close()
  }
}

export function registerRoomCommands(program: Command, ctx: CommandContext): void {
  const room = program.command('room').description('the proctor PC: one room server for the stations of a sitting')
  const run = async (body: () => Promise<ExitCode> | ExitCode): Promise<void> =>
    ctx.exit(await reportingTypedFailures(ctx.io, async () => body()))
  room
    .command('init')
    .description(`create the room key in DIR (private key protected by ${ROOM_PASSPHRASE_ENV} or a prompt)`)
    .requiredOption('--data <dir>', 'the room data directory')
    .action(async (flags: { data: string }) =>
      run(async () => {
        const made = await createRoomKey(flags.data, await passphrase(ctx, true))
        ctx.io.out(`room key ${made.keyId}; put ${made.publicFile} in the sitting spec (room: key:)\n`)
        return EXIT.ok
      }),
    )
  room
    .command('serve')
    .description('serve the stations of a sitting until SIGINT/SIGTERM; prints the URL and the room key id')
    .requiredOption('--data <dir>', 'the room data directory (room init made its key)')
    .option('--sitting <file>', 'the signed sitting file')
    .option('--authority <pub...>', "the exam authority's public key(s) the sitting must be signed by")
    .option(
      '--demo',
      'TRY-OUT ONLY: a demo sitting of the seed exam signed by the demo authority in DIR/demo, a demo room key and a demo proctor PIN; loopback only',
    )
    .option('--seats <n>', `with --demo: how many seats (default ${String(DEMO_SEATS)})`, seatCount)
    .requiredOption('--port <port>', 'TCP port (0 picks a free one)', wholeNumber(65_535))
    .option(
      '--bind <address>',
      'address to listen on; a LAN address needs --cert/--key pinned by the sitting',
      '127.0.0.1',
    )
    .option('--db <target>', 'results store: a SQLite file or a postgres:// URL (default DIR/results.db)')
    .option('--cert <file>', 'TLS certificate (PEM) whose SHA-256 the sitting pins')
    .option('--key <file>', 'TLS private key (PEM)')
    .option('--renderer <dir>', "the built renderer, served as the proctor's console at /#room", DEFAULT_RENDERER_DIR)
    .action(async (flags: ServeFlags) => run(() => serve(ctx, flags)))
  room
    .command('status')
    .description('stations, seats, sessions and collected results, from the room store')
    .requiredOption('--data <dir>', 'the room data directory')
    .option('--json', 'print JSON')
    .action(async (flags: { data: string; json?: boolean }) => run(() => status(ctx, flags)))
  room
    .command('command')
    .description(
      'issue a command to all seats or some; the running room signs it and delivers it on the next heartbeats',
    )
    .requiredOption('--data <dir>', 'the room data directory')
    .addOption(new Option('--action <action>', 'what to do').choices(ROOM_ACTIONS).makeOptionMandatory())
    .option('--all', 'every seat')
    .option('--seat <label...>', 'these seats')
    .option('--minutes <n>', 'extend: minutes to add', wholeNumber(600))
    .option('--message <text>', 'announce: the message')
    .requiredOption('--reason <text>', 'why (recorded in every session log)')
    .requiredOption('--staff <id>', "the sitting's staff id giving the command")
    .option('--wait <seconds>', 'how long to wait for the running room to issue it', wholeNumber(60), 3)
    .action(async (flags: CommandFlags) => run(() => command(ctx, flags)))
  registerRoomMove(room, ctx, run)
}
