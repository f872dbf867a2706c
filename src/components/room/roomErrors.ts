import type { RoomConsoleErrorCode, RoomMoveRefusal } from '@contract'
import en from '../../i18n/locales/en.json'

// A compile error here means a room console error code (or a move refusal) has no message; the catalog test keeps
// the other locales level.
const messages: Record<RoomConsoleErrorCode, string> = en.room.errors
const refusals: Record<RoomMoveRefusal, string> = en.room.move.refusals

export interface RoomErrorShown {
  code: string
  retryAfterMs?: number
  /** Why a move was refused (MOVE_REFUSED's `details.refusal`). */
  refusal?: string
}

/** The translated message for a console error; a code this console does not know (a newer room) reads as INTERNAL. */
export function roomErrorText(
  t: (key: string, named?: Record<string, unknown>) => string,
  error: RoomErrorShown,
): string {
  if (error.code === 'MOVE_REFUSED' && error.refusal !== undefined && Object.hasOwn(refusals, error.refusal))
    return t(`room.move.refusals.${error.refusal}`)
  const code = Object.hasOwn(messages, error.code) ? error.code : 'INTERNAL'
  return t(`room.errors.${code}`, { seconds: Math.ceil((error.retryAfterMs ?? 0) / 1000) })
}
