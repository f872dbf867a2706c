import { onBeforeUnmount, onMounted, watch } from 'vue'
import { usePreferencesStore } from '../stores/preferences'
import { useSessionStore } from '../stores/session'
import { useStationStore } from '../stores/station'
import { useTimerStore } from '../stores/timer'

/**
 * What the app does by itself: load the station and any session from the core (this is also how a reload or a
 * renderer crash resumes), run the clock while the exam is live, and follow the exam's language.
 */
export function useStationLifecycle() {
  const station = useStationStore()
  const session = useSessionStore()
  const timer = useTimerStore()
  const preferences = usePreferencesStore()

  async function load(): Promise<void> {
    await Promise.all([station.hydrate(), session.hydrate()])
  }

  onMounted(load)
  onBeforeUnmount(() => timer.stop())

  watch(
    () => session.state,
    (state) => (state === 'running' || state === 'paused' ? timer.start() : timer.stop()),
    { immediate: true },
  )

  watch(
    () => session.sessionId,
    (id, previous) => {
      if (previous && id !== previous) timer.reset()
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
