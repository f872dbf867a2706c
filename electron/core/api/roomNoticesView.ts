import { ApiFailure } from './apiErrors'
import type { RoomNoticesView } from './contract'
import type { HandlerContext } from './handlerContext'

/**
 * What the room's signed commands mean for this station's candidate: the announcements to show, and whether the
 * start is released. A station linked to a room (its installed sitting's room link runs) starts a candidate only
 * once the room released the start, so the proctor starts the whole room at once (docs/room.md, "What the candidate
 * sees"); a station without a room (one PC, a demo) is never held. The station settles only the commands the room
 * signed for every seat or for the seat it serves (core/session/roomCommands.ts), so these are this candidate's.
 */

export function roomNoticesOf(ctx: HandlerContext): RoomNoticesView {
  const sittingId = ctx.options.roomLinked?.() ? ctx.runtime.admin.sitting.get()?.id : undefined
  if (sittingId === undefined) return { linked: false, startReleased: true, announcements: [] }
  const notices = ctx.runtime.sessions.roomNotices(sittingId)
  return {
    linked: true,
    startReleased: notices.startReleased,
    // Only what the candidate may see: the words and when; never the staff id, the reason or the signature.
    announcements: notices.announcements
      .map(({ cmdId, message, issuedAt }) => ({ id: cmdId, message, at: issuedAt }))
      .reverse(),
  }
}

/** Refuses a candidate's start before the room released it; checked by the handler that starts the clock. */
export function requireStartReleased(ctx: HandlerContext): void {
  if (roomNoticesOf(ctx).startReleased) return
  throw new ApiFailure('START_NOT_RELEASED', 'the room has not released the start yet; wait for the proctor')
}
