import type { SessionEvent } from '../base/eventChain'

/**
 * What of a session's log has left the station in a bundle. Each `exported` event records how many events the
 * bundle it marks holds (`events`, with the head hash): the bundle was read before the file was written, so an event
 * appended meanwhile (a grade recorded during the export) is not in it, and the mark says so. Old marks without a
 * count covered the events before them. Export marks themselves change no result: a log whose only events after the
 * newest bundle are export marks has fully left the station.
 */
export function exportedThrough(events: readonly SessionEvent[]): number {
  let through = 0
  for (const event of events) {
    if (event.type !== 'exported') continue
    const count = event.data.events
    through = Math.max(through, typeof count === 'number' ? count : event.seq - 1)
  }
  return through
}

/** Events no exported bundle holds, export marks aside: while there are any, the newest head is only here. */
export const eventsNotExported = (events: readonly SessionEvent[]): SessionEvent[] => {
  const through = exportedThrough(events)
  return events.filter((event) => event.seq > through && event.type !== 'exported')
}
