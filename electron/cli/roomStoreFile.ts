import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { IncidentReport } from '../core/room/roomTypes'
import { openRoomStore, type RoomStore } from '../core/room/roomStore'
import { UsageError } from './secretInput'

/** The room store in a room's data directory, which `room status`, `command` and `move` open beside the server. */
export const ROOM_DB = 'room.db'

export function openBoundStore(dir: string): {
  store: RoomStore
  layout: NonNullable<ReturnType<RoomStore['layout']>>
} {
  const store = openRoomStore(join(dir, ROOM_DB))
  const layout = store.layout()
  if (!layout) {
    store.close()
    throw new UsageError(`${dir} serves no sitting yet: run \`invigil room serve --data ${dir} --sitting FILE ...\``)
  }
  return { store, layout }
}

/** The incident reports staff wrote on the room console, from a room's data directory (never creates a store). */
export function roomIncidentReports(dir: string): IncidentReport[] {
  const file = join(dir, ROOM_DB)
  if (!existsSync(file)) throw new UsageError(`there is no room store (${ROOM_DB}) in ${dir}`)
  const store = openRoomStore(file)
  try {
    return store.reports.all()
  } finally {
    store.close()
  }
}
