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
  const active = ctx.desk.activeSessionId()
  return {
    linked: true,
    // The room's release, or (the room down) the station's own proctor's, which the session's log records.
    startReleased: notices.startReleased || (active !== null && releasedHere(ctx, active)),
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

/** Whether this station's proctor released the start of the session here (proctor.releaseStart). */
export function releasedHere(ctx: HandlerContext, sessionId: string): boolean {
  return ctx.runtime.admin
    .eventsOf(sessionId, ['proctor_auth'])
    .some((event) => event.data.action === 'release_start' && event.data.outcome === 'ok')
}

/** A checked-in candidate on a room station still waiting for the start: the proctor panel offers to release it. */
export function startHeld(ctx: HandlerContext): boolean {
  const active = ctx.desk.activeSessionId()
  if (active === null || ctx.runtime.sessions.snapshot(active).state !== 'checked_in') return false
  return !roomNoticesOf(ctx).startReleased
}
