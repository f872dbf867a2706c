import type { RoomAnnouncement } from '@contract'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { stationApi } from '../api/client'

/** How often a station in a room asks for the room's notices: about the room link's own heartbeat. */
export const ROOM_NOTICES_POLL_MS = 2_000
/** A station with no room asks now and then only, in case its link starts after the page loaded. */
export const NO_ROOM_POLL_MS = 15_000

/**
 * What the room has told this station's candidate (station.roomNotices): the proctor's announcements, newest first,
 * and whether the start is released. The list is open while there is something new; the candidate may close it and
 * open it again. Nothing here ever moves focus: a candidate typing an answer keeps the caret where it is.
 */
export const useRoomNoticesStore = defineStore('roomNotices', () => {
  const linked = ref(false)
  const startReleased = ref(true)
  const announcements = shallowRef<RoomAnnouncement[]>([])
  const open = ref(false)
  /** The newest announcement not yet spoken: the notice's polite live region reads it once. */
  const spoken = shallowRef<RoomAnnouncement | null>(null)
  const seen = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false

  async function refresh(): Promise<void> {
    const result = await stationApi.roomNotices()
    // A failed poll changes nothing: the next one catches up.
    if (!result.ok) return
    const view = result.value
    linked.value = view.linked
    startReleased.value = view.startReleased
    const arrived = view.announcements.filter((announcement) => !seen.has(announcement.id))
    for (const announcement of arrived) seen.add(announcement.id)
    announcements.value = view.announcements
    const newest = arrived[0]
    if (newest) {
      open.value = true
      spoken.value = newest
    }
  }

  function schedule(): void {
    if (!running) return
    timer = setTimeout(() => void refresh().finally(schedule), linked.value ? ROOM_NOTICES_POLL_MS : NO_ROOM_POLL_MS)
  }

  /** Asks at once, then keeps asking until stop(); calls after the first change nothing. */
  function start(): void {
    if (running) return
    running = true
    void refresh().finally(schedule)
  }

  function stop(): void {
    running = false
    clearTimeout(timer)
  }

  function setOpen(on: boolean): void {
    open.value = on
  }

  function reset(): void {
    stop()
    linked.value = false
    startReleased.value = true
    announcements.value = []
    open.value = false
    spoken.value = null
    seen.clear()
  }

  return { linked, startReleased, announcements, open, spoken, refresh, start, stop, setOpen, reset }
})
