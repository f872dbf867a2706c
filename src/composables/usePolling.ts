import { onBeforeUnmount, watch, type Ref } from 'vue'

/**
 * Calls `poll` every `intervalMs` while `active` is true, starting at once; a slow call is never overlapped by the
 * next. Stops when `active` turns false or the component unmounts.
 */
export function usePolling(poll: () => Promise<unknown>, intervalMs: number, active: Readonly<Ref<boolean>>): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0

  function stop(): void {
    generation++
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  async function run(current: number): Promise<void> {
    await poll()
    if (current === generation) timer = setTimeout(() => void run(current), intervalMs)
  }

  watch(
    active,
    (on) => {
      stop()
      if (on) void run(generation)
    },
    { immediate: true },
  )
  onBeforeUnmount(stop)
}
