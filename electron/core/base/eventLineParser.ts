import type { SessionEvent } from './eventChain'

/**
 * Reading the event log back, the inverse of eventLine(): every reader of stored event lines (the chain check, the
 * store's integrity check, the session's read models, the bundle writer and verifier) parses a line here, once, and
 * passes the parsed events along instead of parsing the same line again.
 */

/**
 * The event a line records. Throws a SyntaxError when the line is not JSON. The shape is trusted as eventLine()
 * wrote it: a reader that must not trust it (the bundle verifier) checks it against its schema.
 */
export const parseEventLine = (line: string): SessionEvent => JSON.parse(line) as SessionEvent

/**
 * A whole log that may hold lines no station wrote (a tampered store, a foreign bundle): undefined where a line is
 * not JSON, and for JSON null, which the chain check has always reported as not JSON.
 */
export function parseEventLines(lines: readonly string[]): (SessionEvent | undefined)[] {
  return lines.map((line) => {
    try {
      const event: SessionEvent | null = parseEventLine(line)
      return event ?? undefined
    } catch {
      return undefined
    }
  })
}
