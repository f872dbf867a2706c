import { systemClock, type Clock } from '../base/clock'
import { adminPasswordMatches } from '../admin/adminPassword'
import { defaultRandom, type RandomSource } from '../crypto/randomSource'
import { verifyPin } from '../crypto/secretHash'
import type {
  RoomCommandView,
  RoomConsoleErrorCode,
  RoomConsoleInput,
  RoomConsoleMethod,
  RoomConsoleOutput,
  RoomConsoleResult,
} from '../protocol/roomConsoleContract'
import type { VerifiedSitting } from '../sitting/sittingFile'
import { verifierPinHash } from '../sitting/staffVerifier'
import { IncidentReportError } from './incidentReports'
import { RoomCommandError } from './roomCommands'
import { isRoomConsoleMethod, roomConsoleSchemas } from './roomConsoleSchemas'
import { RoomStationError, type RoomService } from './roomService'
import { ROOM_IDLE_MS, RoomStaffSessions, type RoomGrant } from './roomStaffSessions'
import { newMoveId, SeatMoveError } from './seatMoves'

/**
 * The room console's handlers: the proctor's browser signs in with a staff id and the secret the sitting holds a
 * verifier for, then reads the room's status and gives commands, moves seats (typing the secret again) and writes
 * incident reports under that staff id. Every input is checked by its
 * zod schema first; every outcome is a RoomConsoleResult, never a thrown error: known failures keep their code,
 * anything else is a logged INTERNAL.
 */
export interface RoomConsoleOptions {
  service: RoomService
  sitting: VerifiedSitting
  clock?: Clock
  random?: RandomSource
  log?: (message: string, error: unknown) => void
}

export type RoomConsoleHandlers = {
  readonly [M in RoomConsoleMethod]: (input: RoomConsoleInput<M>) => Promise<RoomConsoleOutput<M>>
}

export type RoomConsoleDispatch = (method: string, input: unknown) => Promise<RoomConsoleResult<unknown>>

class ConsoleFailure extends Error {
  constructor(
    readonly code: RoomConsoleErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export function createRoomConsoleHandlers(options: RoomConsoleOptions): RoomConsoleHandlers {
  const { service } = options
  const sessions = new RoomStaffSessions(options.clock ?? systemClock, options.random ?? defaultRandom)
  const staff = new Map(options.sitting.payload.staff.map((member) => [member.id, member]))
  // An unknown staff id costs the same derivation as a known one, so timing does not say which ids exist.
  const decoy = options.sitting.payload.staff[0]

  const signedIn = (token: string): RoomGrant => {
    const grant = sessions.grantOf(token)
    if (!grant) throw new ConsoleFailure('AUTH_REQUIRED', 'sign in to the room console first (missing or expired)')
    return grant
  }

  /** The staff member's secret against the sitting's verifier, under the lockout; throws PIN_LOCKED or PIN_INVALID. */
  const checkSecret = async (staffId: string, pin: string): Promise<NonNullable<typeof decoy>> => {
    const member = staff.get(staffId)
    // Only the sitting's staff ids are counted, so guessed ids cannot grow the lockout table.
    const attempt = member ? sessions.beginAttempt(staffId) : { ok: true as const }
    if (!attempt.ok)
      throw new ConsoleFailure('PIN_LOCKED', `staff ${staffId} is locked out for now`, {
        retryAfterMs: attempt.retryAfterMs,
      })
    const checked = member ?? decoy
    const stored = checked ? verifierPinHash(checked.verifier) : undefined
    const matches =
      stored === undefined
        ? false
        : checked?.role === 'admin'
          ? await adminPasswordMatches(pin, stored)
          : await verifyPin(pin, stored)
    if (!member || !matches) throw new ConsoleFailure('PIN_INVALID', 'that staff id and secret do not match')
    sessions.succeeded(staffId)
    return member
  }

  return {
    'room.login': async ({ staffId, pin }) => {
      const member = await checkSecret(staffId, pin)
      const token = sessions.issue({ staffId, role: member.role })
      return { token, staffId, name: member.name, role: member.role, idleMs: ROOM_IDLE_MS }
    },
    'room.logout': ({ token }) => {
      sessions.revoke(token)
      return Promise.resolve({ loggedOut: true as const })
    },
    'room.status': ({ token }) => {
      signedIn(token)
      return Promise.resolve(service.status())
    },
    'room.command': ({ token, action, target, minutes, message, reason }) => {
      const { staffId } = signedIn(token)
      const { command } = service.issueCommand({
        action,
        target,
        ...(minutes === undefined ? {} : { minutes }),
        ...(message === undefined ? {} : { message }),
        reason,
        staffId,
      })
      const view: RoomCommandView = {
        seq: command.seq,
        cmdId: command.cmdId,
        action: command.action,
        target: 'all' in command.target ? 'all' : command.target.seats.join(' '),
        issuedAt: command.issuedAt,
        staffId: command.staffId,
      }
      return Promise.resolve(view)
    },
    'room.move': async ({ token, pin, seat, toStationId, reason }) => {
      // The token says who is signed in; the PIN typed again says that person is at the console now.
      const { staffId } = signedIn(token)
      await checkSecret(staffId, pin)
      const order = service.moveSeat({ moveId: newMoveId(), seat, toStationId, reason, staffId })
      const view = service.status().moves.find((move) => move.moveId === order.moveId)
      if (!view) throw new Error(`move ${order.moveId} was signed but is not in the room's status`)
      return view
    },
    'room.incident': ({ token, seat, text }) =>
      Promise.resolve(service.reportIncident({ seat, text, staffId: signedIn(token).staffId })),
    'room.approveStation': ({ token, stationId }) =>
      Promise.resolve(service.approveStation(stationId, signedIn(token).staffId)),
    'room.refuseStation': ({ token, stationId }) =>
      Promise.resolve(service.refuseStation(stationId, signedIn(token).staffId)),
  }
}

const fail = (code: RoomConsoleErrorCode, message: string, details?: Record<string, unknown>) => ({
  ok: false as const,
  error: details === undefined ? { code, message } : { code, message, details },
})

/** One console call: the method looked up, its input parsed, its handler run, the outcome as a result. */
export function createRoomConsole(options: RoomConsoleOptions): RoomConsoleDispatch {
  const handlers = createRoomConsoleHandlers(options)
  const log = options.log ?? ((message, error) => console.error(message, error))
  return async (method, input) => {
    if (!isRoomConsoleMethod(method)) return fail('UNKNOWN_METHOD', `no room console method ${method}`)
    const parsed = roomConsoleSchemas[method].safeParse(input)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return fail('VALIDATION_FAILED', issue ? `${issue.path.join('.')}: ${issue.message}` : 'the input is invalid')
    }
    try {
      const handler = handlers[method] as (value: unknown) => Promise<unknown>
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (error instanceof ConsoleFailure) return fail(error.code, error.message, error.details)
      if (error instanceof RoomCommandError) return fail('BAD_COMMAND', error.message)
      if (error instanceof SeatMoveError) return fail('MOVE_REFUSED', error.message, { refusal: error.refusal })
      if (error instanceof IncidentReportError && error.code === 'UNKNOWN_SEAT') return fail(error.code, error.message)
      if (error instanceof RoomStationError && error.code !== 'UNKNOWN_STAFF') return fail(error.code, error.message)
      log(`room console: ${method} failed`, error)
      return fail('INTERNAL', 'the room could not answer this request')
    }
  }
}
