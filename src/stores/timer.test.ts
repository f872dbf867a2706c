// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { screenFor } from '../screens'
import { FakeStation } from '../testing/fakeStation'
import { settle, setUpTestApp } from '../testing/testApp'
import { useAnnouncerStore } from './announcer'
import { useSessionStore } from './session'
import { useTimerStore } from './timer'

let station: FakeStation

beforeEach(async () => {
  station = new FakeStation()
  station.startRunning()
  setUpTestApp(station)
  await useSessionStore().hydrate()
})

afterEach(() => {
  useTimerStore().stop()
  vi.useRealTimers()
})

describe('timer store', () => {
  it('asks the core for a tick every second while started, and stops asking when stopped', async () => {
    vi.useFakeTimers()
    const timer = useTimerStore()
    timer.start()
    await vi.advanceTimersByTimeAsync(3_000)
    expect(station.callsOf('session.tick')).toHaveLength(4)
    timer.stop()
    await vi.advanceTimersByTimeAsync(3_000)
    expect(station.callsOf('session.tick')).toHaveLength(4)
  })

  it('speaks each warning once, assertively, even if the core repeats it', async () => {
    const timer = useTimerStore()
    const announcer = useAnnouncerStore()
    const spoken: string[] = []
    announcer.$subscribe(
      () => {
        if (announcer.assertive) spoken.push(`${announcer.assertive.key}:${String(announcer.assertive.params.minutes)}`)
      },
      { flush: 'sync' },
    )

    station.scriptTick({ remainingMs: 599_000, warnings: [600_000], newWarnings: [600_000] })
    await timer.tick()
    station.scriptTick({ remainingMs: 598_000, warnings: [600_000], newWarnings: [600_000] })
    await timer.tick()
    station.scriptTick({ remainingMs: 299_000, warnings: [600_000, 300_000], newWarnings: [300_000] })
    await timer.tick()

    expect(spoken).toEqual(['timer.warning:10', 'timer.warning:5'])
    expect(announcer.assertive?.count).toBe(5)
  })

  it('speaks a warning again when a proctor extension re-armed it, and only then', async () => {
    const timer = useTimerStore()
    const announcer = useAnnouncerStore()
    const spoken: string[] = []
    announcer.$subscribe(
      () => {
        if (announcer.assertive) spoken.push(`${announcer.assertive.key}:${String(announcer.assertive.params.minutes)}`)
      },
      { flush: 'sync' },
    )

    station.scriptTick({ remainingMs: 299_000, warnings: [600_000, 300_000], newWarnings: [600_000, 300_000] })
    await timer.tick()
    // Extended to 8 minutes left: the core re-armed the 5-minute warning, and only that one.
    station.scriptTick({ remainingMs: 480_000, warnings: [600_000], newWarnings: [] })
    await timer.tick()
    station.scriptTick({ remainingMs: 299_000, warnings: [600_000, 300_000], newWarnings: [300_000] })
    await timer.tick()
    station.scriptTick({ remainingMs: 298_000, warnings: [600_000, 300_000], newWarnings: [300_000] })
    await timer.tick()

    expect(spoken).toEqual(['timer.warning:5', 'timer.warning:5'])
  })

  it('speaks only the most urgent warning when several arrive in one tick (the window slept)', async () => {
    station.scriptTick({
      remainingMs: 50_000,
      warnings: [600_000, 300_000, 60_000],
      newWarnings: [600_000, 300_000, 60_000],
    })
    await useTimerStore().tick()
    expect(useAnnouncerStore().assertive?.params).toEqual({ minutes: 1 })
  })

  it('does not repeat warnings the core announced before a reload', async () => {
    station.startRunning({
      time: { state: 'running', allowedMs: 1_800_000, elapsedMs: 1_300_000, remainingMs: 500_000, warnings: [600_000] },
    })
    await useSessionStore().hydrate()
    const timer = useTimerStore()
    timer.hydrate()
    expect(timer.displayMs).toBe(500_000)
    station.scriptTick({ remainingMs: 499_000, warnings: [600_000], newWarnings: [600_000] })
    await timer.tick()
    expect(useAnnouncerStore().assertive).toBeNull()
  })

  it('can be hidden, but never in the last minute', async () => {
    const timer = useTimerStore()
    station.scriptTick({ remainingMs: 120_000 })
    await timer.tick()
    timer.setHidden(true)
    expect(timer.visible).toBe(false)

    station.scriptTick({ remainingMs: 60_000 })
    await timer.tick()
    expect(timer.inLastMinute).toBe(true)
    expect(timer.visible).toBe(true)
    timer.setHidden(true)
    expect(timer.visible).toBe(true)
    expect(timer.level).toBe('lastMinute')
  })

  it('goes to the submitted screen when the core says time is up', async () => {
    const timer = useTimerStore()
    const session = useSessionStore()
    station.scriptTick({ remainingMs: 0, state: 'submitted', timeUp: true })
    await timer.tick()
    await settle()

    expect(session.state).toBe('submitted')
    expect(screenFor({ loaded: true, state: session.state, checkingIn: false, reviewing: false })).toBe('submitted')
    expect(useAnnouncerStore().assertive?.key).toBe('timer.timeUp')
    // The core had already submitted; the UI must not try again.
    expect(station.callsOf('session.submit')).toHaveLength(0)
  })

  it('follows a proctor pause: the clock stops and the session shows paused', async () => {
    const timer = useTimerStore()
    station.scriptTick({ state: 'paused', remainingMs: 900_000 })
    await timer.tick()
    expect(useSessionStore().state).toBe('paused')
    expect(timer.running).toBe(false)
    expect(timer.displayMs).toBe(900_000)
  })
})
