import type { RoomConsoleErrorCode } from '@contract'
import en from '../../i18n/locales/en.json'

// A compile error here means a room console error code has no message; the catalog test keeps the other locales level.
const messages: Record<RoomConsoleErrorCode, string> = en.room.errors

/** The translated message for a console error; a code this console does not know (a newer room) reads as INTERNAL. */
export function roomErrorText(
  t: (key: string, named?: Record<string, unknown>) => string,
  error: { code: string; retryAfterMs?: number },
): string {
  const code = Object.hasOwn(messages, error.code) ? error.code : 'INTERNAL'
  return t(`room.errors.${code}`, { seconds: Math.ceil((error.retryAfterMs ?? 0) / 1000) })
}
