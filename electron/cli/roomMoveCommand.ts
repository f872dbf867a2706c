import { setTimeout as sleep } from 'node:timers/promises'
import { InvalidArgumentError, type Command } from 'commander'
import { seatLabelSchema } from '../core/protocol/roomMessages'
import { newMoveId } from '../core/room/seatMoves'
import type { CommandContext } from './commandContext'
import { EXIT, type ExitCode } from './exitCodes'
import { openBoundStore } from './roomStoreFile'
import { UsageError } from './secretInput'

/**
 * `invigil room move`: a candidate whose PC died continues on a spare. Queued in the room store like `room command`;
 * the running room, which alone holds the unlocked key, checks it (the seat's session, the spare admitted and free,
 * the room holding the session's signed head and key), signs the order and hands the session to the spare.
 */
interface MoveFlags {
  data: string
  seat: string
  to: string
  reason: string
  staff?: string
  wait: number
}

const seatLabel = (text: string): string => {
  if (!seatLabelSchema.safeParse(text).success) throw new InvalidArgumentError('a seat label such as A-01')
  return text
}

async function move(ctx: CommandContext, flags: MoveFlags): Promise<ExitCode> {
  const { store, layout } = openBoundStore(flags.data)
  try {
    // The order names who moved the seat: the one staff member the sitting names, or the one --staff gives.
    const staffId = flags.staff ?? (layout.staff.length === 1 ? layout.staff[0]?.id : undefined)
    if (staffId === undefined)
      throw new UsageError(`sitting ${layout.sittingId} names several staff: say who moves the seat with --staff ID`)
    const moveId = newMoveId()
    const request = { moveId, seat: flags.seat, toStationId: flags.to, reason: flags.reason, staffId }
    store.moves.requestMove(request, new Date().toISOString())
    for (let waited = 0; waited < flags.wait * 1000; waited += 200) {
      const row = store.moves.requestOutcome(moveId)
      if (row?.outcome === 'issued') {
        const order = store.moves.moves().find((m) => m.moveId === moveId)?.order
        ctx.io.out(
          `moved seat ${flags.seat} (session ${order?.sessionId ?? '?'}) from station ${order?.fromStationId ?? '?'} to ${flags.to} at event ${String(order?.atSeq)}: the spare takes it over on its next heartbeat\n`,
        )
        return EXIT.ok
      }
      if (row?.outcome === 'refused') {
        ctx.io.err(`invigil: error: the room refused ${moveId}: ${row.reason ?? ''}\n`)
        return EXIT.invalid
      }
      await sleep(200)
    }
    ctx.io.out(`queued ${moveId}: the running room (invigil room serve) checks, signs and hands it over\n`)
    return EXIT.ok
  } finally {
    store.close()
  }
}

export function registerRoomMove(
  room: Command,
  ctx: CommandContext,
  run: (body: () => Promise<ExitCode> | ExitCode) => Promise<void>,
): void {
  room
    .command('move')
    .description("move a seat's session to a spare station: it continues there at the last answer the room holds")
    .requiredOption('--data <dir>', 'the room data directory')
    .requiredOption('--seat <label>', 'the seat whose PC failed', seatLabel)
    .requiredOption('--to <station-id>', 'the spare station (admitted, no candidate of its own)')
    .requiredOption('--reason <text>', 'why (recorded in the session log)')
    .option('--staff <id>', "the sitting's staff id moving the seat (needed when the sitting names several)")
    .option('--wait <seconds>', 'how long to wait for the running room to hand it over', (t) => Number(t), 10)
    .action(async (flags: MoveFlags) => run(() => move(ctx, flags)))
}
