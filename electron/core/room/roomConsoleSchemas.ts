import { z } from 'zod'
import { ROOM_ACTIONS, seatLabelSchema } from '../protocol/roomMessages'
import type { RoomConsoleInput, RoomConsoleMethod } from '../protocol/roomConsoleContract'
import { MAX_REPORT_CHARS } from './incidentReports'

/**
 * One zod schema per room console method: whatever the proctor's browser sends is checked here before a handler
 * sees it. A method missing from the contract, or one too many, does not compile.
 */
const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a room console token')
const id = z.string().min(1).max(200)
const pin = z.string().min(1).max(800)

export const roomConsoleSchemas: { readonly [M in RoomConsoleMethod]: z.ZodType<RoomConsoleInput<M>> } = {
  'room.login': z.strictObject({ staffId: id, pin }),
  'room.logout': z.strictObject({ token }),
  'room.status': z.strictObject({ token }),
  'room.command': z.strictObject({
    token,
    action: z.enum(ROOM_ACTIONS),
    target: z.union([
      z.strictObject({ all: z.literal(true) }),
      z.strictObject({ seats: z.array(seatLabelSchema).min(1).max(500) }),
    ]),
    minutes: z.number().int().positive().max(600).optional(),
    message: z.string().trim().min(1).max(2000).optional(),
    reason: z.string().trim().min(1).max(1000),
  }),
  'room.move': z.strictObject({
    token,
    pin,
    seat: seatLabelSchema,
    toStationId: z.string().regex(/^[0-9a-f]{16}$/, 'a station id (16 hex digits)'),
    reason: z.string().trim().min(1).max(1000),
  }),
  'room.incident': z.strictObject({
    token,
    seat: seatLabelSchema,
    text: z.string().trim().min(1).max(MAX_REPORT_CHARS),
  }),
  'room.approveStation': z.strictObject({ token, stationId: id }),
  'room.refuseStation': z.strictObject({ token, stationId: id }),
}

export const isRoomConsoleMethod = (method: string): method is RoomConsoleMethod =>
  Object.hasOwn(roomConsoleSchemas, method)
