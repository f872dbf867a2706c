import { join, resolve } from 'node:path'
import { prepareDemoRoom, type DemoRoom } from '../core/demo/demoRoom'
import { isLoopbackHost } from '../room/roomBind'
import type { CommandContext } from './commandContext'
import { UsageError } from './secretInput'

/**
 * `invigil room serve --demo`: the one-command try-out of a room. The seed exam, a demo sitting and a demo room key
 * come from core/demo, kept in DIR/demo beside the demo authority `invigil host --demo` uses; the room binds
 * loopback only, where the room's demo rule admits every station on this PC. What a person needs next (the
 * console, the authority file for `rehearse --room`, the demo proctor's PIN) is printed, and so is why none of it
 * may ever serve a real sitting.
 */
const SEED_BANKS_DIR = resolve(import.meta.dirname, '../..', 'banks')

export interface DemoServeFlags {
  data: string
  sitting?: string
  authority?: string[]
  bind: string
  cert?: string
  key?: string
  seats?: number
}

export const demoDir = (data: string): string => join(data, 'demo')

/** Refuses what a demo room must not have: someone else's sitting, a LAN bind, a TLS identity. */
export function checkDemoFlags(flags: DemoServeFlags): void {
  if (flags.sitting !== undefined || flags.authority !== undefined)
    throw new UsageError('--demo serves its own demo sitting: no --sitting or --authority')
  if (!isLoopbackHost(flags.bind) || flags.cert !== undefined || flags.key !== undefined)
    throw new UsageError('a demo room listens on loopback only: no LAN --bind, --cert or --key')
}

export async function prepareDemo(ctx: CommandContext, flags: DemoServeFlags): Promise<DemoRoom> {
  checkDemoFlags(flags)
  ctx.io.err(`invigil room: DEMO: preparing the demo room in ${demoDir(flags.data)} …\n`)
  return await prepareDemoRoom({
    dir: demoDir(flags.data),
    banksDir: SEED_BANKS_DIR,
    ...(flags.seats === undefined ? {} : { seats: flags.seats }),
  })
}

const line = (label: string): string => `${label}:`.padEnd(12)

/** Lines for stdout once the room listens: URL first (as a plain `room serve` prints it), then how to use it. */
export function demoBanner(url: string, demo: DemoRoom): string {
  const seats = demo.sitting.payload.seats.map((seat) => seat.label)
  const first = seats[0] ?? 'A-01'
  return [
    '',
    '!!! DEMO ROOM: for trying out on this PC only. The PIN below is a demo PIN, printed because anyone may know it;',
    '!!! the demo authority and room keys lie unprotected in the demo folder. Never use them for a real sitting.',
    `${line('room')}${url}`,
    `${line('console')}${url}/#room`,
    `${line('proctor')}${demo.proctor.id} (${demo.proctor.name}), PIN ${demo.proctor.pin}`,
    `${line('authority')}${demo.authority.publicKeyFile}`,
    `${line('sitting')}${demo.sitting.payload.id}: ${demo.exam.title}; ${String(seats.length)} seats, ${first} … ${seats.at(-1) ?? first}`,
    'a station per seat, each in its own data directory:',
    `  invigil rehearse --room ${url} --seat ${first} --data station-${first} --authority ${demo.authority.publicKeyFile}`,
    '',
  ].join('\n')
}
