import type { RoomSeatView } from '@contract'

/**
 * How the console words a seat, shared by the seat map and the command bar: the state key (a seat with no station
 * heard has none), and when a seat counts as not heard (heartbeats come every 2 s, so 5 s means at least two missed).
 */
export const NOT_HEARD_AFTER_S = 5

export const seatStateKey = (seat: RoomSeatView): string =>
  seat.status ? `room.states.${seat.status.state}` : 'room.states.none'

export const isNotHeard = (seat: RoomSeatView): boolean =>
  seat.secondsSinceHeard !== null && seat.secondsSinceHeard >= NOT_HEARD_AFTER_S

type Translate = (key: string, named: Record<string, unknown>) => string

/** How long after it was sent a seat applied a command: "45 s", "3 min 20 s". */
export const formatLateBy = (t: Translate, seconds: number): string =>
  seconds >= 60
    ? t('room.duration.minutes', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 })
    : t('room.duration.seconds', { seconds })
