import { describe, expect, it } from 'vitest'
import { ManualClock } from '../base/clock'
import {
  allowedTimeMs,
  dueWarnings,
  extendTimer,
  markPersisted,
  markWarned,
  observe,
  persistDue,
  persistedElapsedMs,
  readClock,
  remainingMs,
  restoreTimer,
  setRunning,
  timeUp,
  warnedFromLog,
  type TimerState,
} from './sessionTimer'

const MIN = 60_000

function runningTimer(clock: ManualClock, allowedMs: number): TimerState {
  return setRunning(restoreTimer({ allowedMs, elapsedMs: 0 }, readClock(clock)), true)
}

describe('session timer', () => {
  it('counts monotonic time only while running', () => {
    const clock = new ManualClock()
    let timer = runningTimer(clock, 60 * MIN)
    clock.advance(10 * MIN)
    timer = setRunning(observe(timer, readClock(clock)).state, false)
    clock.advance(30 * MIN)
    timer = observe(timer, readClock(clock)).state
    expect(remainingMs(timer)).toBe(50 * MIN)
    timer = setRunning(timer, true)
    clock.advance(5 * MIN)
    expect(remainingMs(observe(timer, readClock(clock)).state)).toBe(45 * MIN)
  })

  it.each([60 * MIN, -60 * MIN])('reports a wall-clock jump of %i ms and leaves remaining time unchanged', (jump) => {
    const clock = new ManualClock()
    let timer = runningTimer(clock, 60 * MIN)
    clock.advance(MIN)
    timer = observe(timer, readClock(clock)).state
    clock.jumpWall(jump)
    const seen = observe(timer, readClock(clock))
    expect(seen.jump).toEqual({ wallDeltaMs: jump, monoDeltaMs: 0 })
    expect(remainingMs(seen.state)).toBe(59 * MIN)
    clock.advance(MIN)
    const after = observe(seen.state, readClock(clock))
    expect(after.jump).toBeUndefined()
    expect(remainingMs(after.state)).toBe(58 * MIN)
  })

  it('treats a suspend (wall moves, monotonic stands still) as a jump, not as exam time', () => {
    const clock = new ManualClock()
    const timer = runningTimer(clock, 60 * MIN)
    clock.jumpWall(20 * MIN)
    const seen = observe(timer, readClock(clock))
    expect(seen.jump).toBeDefined()
    expect(remainingMs(seen.state)).toBe(60 * MIN)
  })

  it('tolerates small wall/monotonic drift', () => {
    const clock = new ManualClock()
    const timer = runningTimer(clock, 60 * MIN)
    clock.advance(1000)
    clock.jumpWall(1500)
    expect(observe(timer, readClock(clock)).jump).toBeUndefined()
  })

  it('adds accommodations and extensions', () => {
    expect(allowedTimeMs(60 * MIN)).toBe(60 * MIN)
    expect(allowedTimeMs(60 * MIN, { extraPercent: 25 })).toBe(75 * MIN)
    expect(allowedTimeMs(60 * MIN, { extraPercent: 25, extraMinutes: 10 }, 5 * MIN)).toBe(90 * MIN)
    const clock = new ManualClock()
    const timer = extendTimer(runningTimer(clock, allowedTimeMs(60 * MIN, { extraMinutes: 10 })), 15 * MIN)
    expect(remainingMs(timer)).toBe(85 * MIN)
  })

  it('announces 10, 5 and 1 minute warnings once each, and none at or above the allowed time', () => {
    const clock = new ManualClock()
    let timer = runningTimer(clock, 12 * MIN)
    const fired: number[] = []
    for (let second = 0; second < 12 * 60; second++) {
      clock.advance(1000)
      timer = observe(timer, readClock(clock)).state
      const due = dueWarnings(timer)
      fired.push(...due)
      timer = markWarned(timer, due)
    }
    expect(fired).toEqual([10 * MIN, 5 * MIN, MIN])
    const short = runningTimer(new ManualClock(), 5 * MIN)
    expect(dueWarnings(short)).toEqual([])
  })

  it('announces every crossed threshold when time moves in one step (e.g. after recovery)', () => {
    const clock = new ManualClock()
    const timer = runningTimer(clock, 30 * MIN)
    clock.advance(29.5 * MIN)
    expect(dueWarnings(observe(timer, readClock(clock)).state)).toEqual([10 * MIN, 5 * MIN, MIN])
  })

  it('re-arms on extension exactly the warnings remaining time is lifted back above', () => {
    const clock = new ManualClock()
    let timer = runningTimer(clock, 15 * MIN)
    clock.advance(11 * MIN)
    timer = observe(timer, readClock(clock)).state
    timer = markWarned(timer, dueWarnings(timer))
    expect(timer.warned).toEqual([10 * MIN, 5 * MIN])
    expect(extendTimer(timer, MIN).warned).toEqual([10 * MIN, 5 * MIN]) // 5 min left: still at the 5-minute mark
    expect(extendTimer(timer, MIN + 1).warned).toEqual([10 * MIN])
    expect(extendTimer(timer, 20 * MIN).warned).toEqual([])
    expect(dueWarnings(extendTimer(timer, 4 * MIN))).toEqual([])
  })

  it('rebuilds the announced set from the log by the same rule', () => {
    expect(warnedFromLog([])).toEqual([])
    expect(warnedFromLog([{ warnedMs: 10 * MIN }, { warnedMs: 5 * MIN }, { extendedToRemainingMs: 8 * MIN }])).toEqual([
      10 * MIN,
    ])
    expect(
      warnedFromLog([
        { warnedMs: 10 * MIN },
        { warnedMs: 5 * MIN },
        { extendedToRemainingMs: 8 * MIN },
        { warnedMs: 5 * MIN },
      ]),
    ).toEqual([10 * MIN, 5 * MIN])
    expect(warnedFromLog([{ warnedMs: MIN }, { extendedToRemainingMs: 30 * MIN }, { warnedMs: 10 * MIN }])).toEqual([
      10 * MIN,
    ])
    expect(warnedFromLog([{ warnedMs: MIN }, { warnedMs: MIN }])).toEqual([MIN])
  })

  it('is up at zero and never reports negative time', () => {
    const clock = new ManualClock()
    let timer = runningTimer(clock, MIN)
    clock.advance(MIN - 1)
    timer = observe(timer, readClock(clock)).state
    expect(timeUp(timer)).toBe(false)
    clock.advance(5000)
    timer = observe(timer, readClock(clock)).state
    expect(timeUp(timer)).toBe(true)
    expect(remainingMs(timer)).toBe(0)
  })

  it('asks to persist at least every 5 s while running, and rounds persisted time down', () => {
    const clock = new ManualClock()
    let timer = runningTimer(clock, 60 * MIN)
    clock.advance(4999.6)
    timer = observe(timer, readClock(clock)).state
    expect(persistDue(timer)).toBe(false)
    expect(persistedElapsedMs(timer)).toBe(4999)
    clock.advance(0.4)
    timer = observe(timer, readClock(clock)).state
    expect(persistDue(timer)).toBe(true)
    timer = markPersisted(timer)
    expect(persistDue(timer)).toBe(false)
    expect(persistDue(setRunning(observe(timer, { mono: 1e9, wall: 1e9 }).state, false))).toBe(false)
  })
})
