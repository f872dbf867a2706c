import type { ApiError, TickView, TimeView } from '@contract'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { sessionApi } from '../api/client'
import { useAnnouncerStore } from './announcer'
import { useSessionStore } from './session'

export const TICK_INTERVAL_MS = 1000
export const LAST_MINUTE_MS = 60_000
export type TimerLevel = 'calm' | 'tenMinutes' | 'fiveMinutes' | 'lastMinute'

/**
 * The exam clock as the core reports it. The core owns time: this store asks for a tick every second (and when
 * the window becomes visible again) and only smooths the display between ticks. Warnings are spoken once each,
 * the last minute is always shown, and when the core says time is up the session has already been submitted.
 * "Once" is per crossing: after a proctor extends time, a warning time has been lifted back above is heard again.
 */
export const useTimerStore = defineStore('timer', () => {
  const session = useSessionStore()
  const announcer = useAnnouncerStore()

  const remainingMs = ref<number | null>(null)
  const running = ref(false)
  const syncedAt = ref(0)
  const now = ref(0)
  const hidden = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const announced = new Set<number>()
  let interval: ReturnType<typeof setInterval> | undefined
  let ticking = false

  const displayMs = computed<number | null>(() => {
    if (remainingMs.value === null) return null
    const sinceSync = running.value ? Math.max(0, now.value - syncedAt.value) : 0
    return Math.max(0, remainingMs.value - sinceSync)
  })
  const inLastMinute = computed(() => displayMs.value !== null && displayMs.value <= LAST_MINUTE_MS)
  /** Hiding is the candidate's choice, except in the last minute. */
  const visible = computed(() => !hidden.value || inLastMinute.value)
  const level = computed<TimerLevel>(() => {
    const ms = displayMs.value ?? Number.POSITIVE_INFINITY
    return ms <= LAST_MINUTE_MS
      ? 'lastMinute'
      : ms <= 5 * 60_000
        ? 'fiveMinutes'
        : ms <= 10 * 60_000
          ? 'tenMinutes'
          : 'calm'
  })

  function sync(view: TimeView): void {
    remainingMs.value = view.remainingMs
    running.value = view.state === 'running'
    syncedAt.value = now.value = performance.now()
    // The core's list is the truth: warnings it announced before a reload were spoken then and are not repeated,
    // and one a proctor's extension re-armed has left it, so it is spoken again when time crosses it anew.
    announced.clear()
    for (const threshold of view.warnings) announced.add(threshold)
  }

  /** Several thresholds in one tick (the window slept) speak as one: the most urgent. */
  function announceWarnings(view: TickView): void {
    const fresh = view.newWarnings.filter((threshold) => !announced.has(threshold))
    if (fresh.length === 0) return
    for (const threshold of fresh) announced.add(threshold)
    const minutes = Math.round(Math.min(...fresh) / 60_000)
    announcer.announce('timer.warning', { params: { minutes }, count: minutes, politeness: 'assertive' })
  }

  async function tick(): Promise<void> {
    if (ticking) return
    ticking = true
    const result = await sessionApi.tick().finally(() => (ticking = false))
    if (!result.ok) {
      error.value = result.error
      await session.followStateError(result.error)
      return
    }
    error.value = null
    announceWarnings(result.value)
    sync(result.value)
    session.applyTime(result.value)
    if (result.value.timeUp) await finish()
  }

  /** The core submits at zero; if it somehow has not, submit now. Then show the submitted screen. */
  async function finish(): Promise<void> {
    stop()
    announcer.announce('timer.timeUp', { politeness: 'assertive' })
    if (session.state === 'running' || session.state === 'paused') await session.submit()
    await session.hydrate()
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') void tick()
  }

  /** Takes the time the core gave with the session (after a reload: the remaining time and warnings so far). */
  function hydrate(): void {
    if (session.time) sync(session.time)
  }

  function start(): void {
    if (interval !== undefined) return
    hydrate()
    interval = setInterval(() => {
      now.value = performance.now()
      void tick()
    }, TICK_INTERVAL_MS)
    document.addEventListener('visibilitychange', onVisibility)
    void tick()
  }

  function stop(): void {
    if (interval !== undefined) clearInterval(interval)
    interval = undefined
    document.removeEventListener('visibilitychange', onVisibility)
  }

  function setHidden(on: boolean): void {
    hidden.value = on
  }

  function reset(): void {
    stop()
    remainingMs.value = null
    running.value = false
    hidden.value = false
    error.value = null
    announced.clear()
  }

  return {
    displayMs,
    visible,
    hidden,
    inLastMinute,
    level,
    running,
    error,
    hydrate,
    tick,
    start,
    stop,
    setHidden,
    reset,
  }
})
