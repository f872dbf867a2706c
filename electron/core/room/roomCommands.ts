import { randomBytes, type KeyObject } from 'node:crypto'
import type { Clock } from '../base/clock'
import { ROOM_PROTOCOL, roomCommandSchema } from '../protocol/roomMessages'
import type { RoomCommand, SignedRoomCommand } from '../protocol/roomMessages'
import { signRoomCommand } from '../protocol/roomSignature'
import type { RoomStore } from './roomStore'
import type { CommandRequest, RoomLayout } from './roomTypes'

/**
 * Issuing room commands: checked against the sitting (a named staff member, seats the room has, the fields the
 * action needs), numbered by the next seq, signed by the room key and stored, all in one transaction. Issuing is
 * idempotent by cmdId, so a proctor's double click or a retried `invigil room command` gives one command, not two.
 */
export class RoomCommandError extends Error {
  override readonly name = 'RoomCommandError'
  constructor(
    readonly code: 'BAD_COMMAND' | 'CMD_ID_REUSED',
    message: string,
  ) {
    super(message)
  }
}

/** Why the sitting does not allow this command, or undefined when it does. */
export function commandProblem(layout: RoomLayout, request: CommandRequest): string | undefined {
  if (!layout.staff.some((staff) => staff.id === request.staffId))
    return `staff ${request.staffId} is not named in sitting ${layout.sittingId}`
  if ('seats' in request.target) {
    const labels = new Set(layout.seats.map((seat) => seat.label))
    const unknown = request.target.seats.filter((seat) => !labels.has(seat))
    if (unknown.length > 0) return `sitting ${layout.sittingId} has no seat ${unknown.join(', ')}`
  }
  if ((request.action === 'extend') !== (request.minutes !== undefined))
    return request.action === 'extend' ? 'extend needs --minutes' : 'only extend takes minutes'
  if ((request.action === 'announce') !== (request.message !== undefined))
    return request.action === 'announce' ? 'announce needs a message' : 'only announce takes a message'
  if (request.reason.trim() === '') return 'a command needs a reason'
  return undefined
}

export const newCmdId = (): string => `cmd_${randomBytes(12).toString('hex')}`

const sameRequest = (command: RoomCommand, request: CommandRequest): boolean =>
  JSON.stringify([
    command.action,
    command.target,
    command.minutes,
    command.message,
    command.reason,
    command.staffId,
  ]) ===
  JSON.stringify([request.action, request.target, request.minutes, request.message, request.reason, request.staffId])

export class RoomCommandIssuer {
  constructor(
    private readonly store: RoomStore,
    private readonly layout: RoomLayout,
    private readonly roomPrivateKey: KeyObject,
    private readonly clock: Clock,
  ) {}

  issue(request: CommandRequest): SignedRoomCommand {
    return this.store.db.transaction(() => {
      const cmdId = request.cmdId ?? newCmdId()
      const existing = this.store.commandByCmdId(cmdId)
      if (existing) {
        if (sameRequest(existing.command, request)) return existing
        throw new RoomCommandError('CMD_ID_REUSED', `command id ${cmdId} was already used for another command`)
      }
      const problem = commandProblem(this.layout, request)
      if (problem) throw new RoomCommandError('BAD_COMMAND', problem)
      const parsed = roomCommandSchema.safeParse({
        protocol: ROOM_PROTOCOL,
        sittingId: this.layout.sittingId,
        cmdId,
        seq: this.store.lastCommandSeq() + 1,
        issuedAt: new Date(this.clock.wallMs()).toISOString(),
        target: request.target,
        action: request.action,
        ...(request.minutes === undefined ? {} : { minutes: request.minutes }),
        ...(request.message === undefined ? {} : { message: request.message }),
        reason: request.reason,
        staffId: request.staffId,
      })
      if (!parsed.success)
        throw new RoomCommandError(
          'BAD_COMMAND',
          `not an ${ROOM_PROTOCOL} command: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        )
      const signed = signRoomCommand(parsed.data, this.roomPrivateKey)
      this.store.insertCommand(signed)
      return signed
    })()
  }

  /**
   * Issues what `invigil room command` queued in the store (that process holds no room key): each request is
   * issued or refused once, and its row says which, for the CLI to report.
   */
  issueRequested(): { cmdId: string; outcome: 'issued' | 'refused'; reason: string | null }[] {
    return this.store.requests.open().map((row) => {
      try {
        this.issue({ ...(JSON.parse(row.request) as CommandRequest), cmdId: row.cmdId })
        this.store.requests.settle(row.cmdId, 'issued', null)
        return { cmdId: row.cmdId, outcome: 'issued' as const, reason: null }
      } catch (error) {
        // A request row another process wrote and this one cannot read is refused, never retried forever.
        if (!(error instanceof RoomCommandError || error instanceof SyntaxError)) throw error
        this.store.requests.settle(row.cmdId, 'refused', error.message)
        return { cmdId: row.cmdId, outcome: 'refused' as const, reason: error.message }
      }
    })
  }
}
