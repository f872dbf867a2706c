import { computed, onBeforeUnmount, onMounted, watch } from 'vue'
import { usePreferencesStore } from '../stores/preferences'
import { useRoomNoticesStore } from '../stores/roomNotices'
import { useSessionStore } from '../stores/session'
import { useStationStore } from '../stores/station'
import { useTimerStore } from '../stores/timer'
import { usePolling } from './usePolling'

/**
 * How often a finished session's screen asks whether it is still on this station (a purge releases it), and a free
 * station whether a seat was moved to it.
 */
export const FINISHED_POLL_MS = 5_000

/**
 * What the app does by itself: load the station and any session from the core (this is also how a reload or a
 * renderer crash resumes), follow the room's notices, run the clock while the exam is live, follow the exam's language, and go back to the
 * welcome screen once a finished session has left the station (purged after export).
 */
export function useStationLifecycle() {
  const station = useStationStore()
  const session = useSessionStore()
  const timer = useTimerStore()
  const preferences = usePreferencesStore()
  const roomNotices = useRoomNoticesStore()

  async function load(): Promise<void> {
    await Promise.all([station.hydrate(), session.hydrate()])
  }

  onMounted(load)
  // The room's announcements and start release reach every screen, the welcome screen too.
  onMounted(() => roomNotices.start())
  onBeforeUnmount(() => {
    timer.stop()
    roomNotices.stop()
  })

  watch(
    () => session.state,
    (state) => (state === 'running' || state === 'paused' ? timer.start() : timer.stop()),
    { immediate: true },
  )

  watch(
    () => session.sessionId,
    (id, previous) => {
      if (previous && id !== previous) timer.reset()
      // The finished session left the station: the next candidate starts from the default display settings.
      if (previous && id === null) void preferences.reset()
    },
  )

  // The clock stops once the exam is over, so nothing else would notice the purge: the submitted screen asks the
  // core now and then, and at once when the station changed (the admin console refreshes it after a purge).
  const finished = computed(() => session.state === 'submitted' || session.state === 'exported')
  // A free station may be a spare: a seat the room moves here arrives in the core, and the welcome screen (or the
  // last candidate's submitted one) asks for it, so the moved candidate finds their exam waiting.
  const waiting = computed(() => finished.value || (session.loaded && session.state === null))
  usePolling(() => session.hydrate(), FINISHED_POLL_MS, waiting)
  watch(
    () => station.status,
    () => {
      if (finished.value) void session.hydrate()
    },
  )

  watch(
    () => session.exam?.language ?? station.status?.exam?.language,
    (language) => {
      if (language) void preferences.followExamLanguage(language)
    },
    { immediate: true },
  )

  return { load }
}
