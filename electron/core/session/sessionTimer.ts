import type { Clock } from '../base/clock'

/**
 * Exam time as pure functions over clock readings. Elapsed time grows only from the MONOTONIC clock and only while
 * running; the wall clock is read solely to notice jumps (someone set the time, or the machine slept), which are
 * reported and change nothing. Elapsed is kept fractional in memory and persisted in whole milliseconds.
 */
export interface Accommodations {
  /** Extra time as a percentage of the exam duration, e.g. 25 for 25 %. */
  extraPercent?: number
  extraMinutes?: number
}

export const WARNING_THRESHOLDS_MS = [10 * 60_000, 5 * 60_000, 60_000] as const
export const PERSIST_INTERVAL_MS = 5_000
export const CLOCK_JUMP_TOLERANCE_MS = 2_000

export interface ClockReading {
  mono: number
  wall: number
}
export const readClock = (clock: Clock): ClockReading => ({ mono: clock.monotonicMs(), wall: clock.wallMs() })

export interface TimerState {
  readonly allowedMs: number
  readonly elapsedMs: number
  readonly running: boolean
  /** The reading at which elapsedMs was last brought up to date. */
  readonly last: ClockReading
  readonly persistedMono: number
  /** Warning thresholds announced since remaining time last rose above them: each fires once per crossing. */
  readonly warned: readonly number[]
}

export interface ClockJump {
  wallDeltaMs: number
  monoDeltaMs: number
}

export const allowedTimeMs = (durationMs: number, accommodations: Accommodations = {}, extensionsMs = 0): number =>
  durationMs +
  Math.round((durationMs * (accommodations.extraPercent ?? 0)) / 100) +
  (accommodations.extraMinutes ?? 0) * 60_000 +
  extensionsMs

/** A stopped timer rebuilt from persisted values (new session, restart, recovery). */
export const restoreTimer = (
  persisted: { allowedMs: number; elapsedMs: number; warned?: readonly number[] },
  now: ClockReading,
): TimerState => ({
  allowedMs: persisted.allowedMs,
  elapsedMs: persisted.elapsedMs,
  running: false,
  last: now,
  persistedMono: now.mono,
  warned: persisted.warned ?? [],
})

/** Brings elapsed up to `now`; a wall delta that disagrees with the monotonic delta is reported, not applied. */
export function observe(state: TimerState, now: ClockReading): { state: TimerState; jump?: ClockJump } {
  const monoDeltaMs = Math.max(0, now.mono - state.last.mono)
  const wallDeltaMs = now.wall - state.last.wall
  const elapsedMs = state.running ? state.elapsedMs + monoDeltaMs : state.elapsedMs
  const next = { ...state, elapsedMs, last: now }
  return Math.abs(wallDeltaMs - monoDeltaMs) > CLOCK_JUMP_TOLERANCE_MS
    ? { state: next, jump: { wallDeltaMs, monoDeltaMs } }
    : { state: next }
}

/** Call after observe(): starting or stopping counts from the reading the state was last brought up to. */
export const setRunning = (state: TimerState, running: boolean): TimerState => ({ ...state, running })

/** Whole milliseconds, consistent with what is persisted (elapsed rounded down). */
export const remainingMs = (state: TimerState): number => Math.max(0, state.allowedMs - Math.floor(state.elapsedMs))

export const timeUp = (state: TimerState): boolean => state.elapsedMs >= state.allowedMs

/** Thresholds crossed and not yet announced. A threshold at or above the whole allowed time never fires. */
export const dueWarnings = (state: TimerState): number[] =>
  WARNING_THRESHOLDS_MS.filter(
    (threshold) => threshold < state.allowedMs && remainingMs(state) <= threshold && !state.warned.includes(threshold),
  )

export const markWarned = (state: TimerState, thresholds: readonly number[]): TimerState => ({
  ...state,
  warned: [...state.warned, ...thresholds.filter((t) => !state.warned.includes(t))],
})

/**
 * After an extension, the thresholds remaining time is still at or below count as announced (a warning is for
 * crossing a mark, and time given back crosses none: a short exam extended past 10 minutes with 8 left must not
 * hear "10 minutes left"); those it is back above may fire again.
 */
const stillWarned = (remaining: number): number[] => WARNING_THRESHOLDS_MS.filter((threshold) => threshold >= remaining)

/** An extension re-arms the warnings it lifts remaining time back above, so they are heard again when crossed. */
export function extendTimer(state: TimerState, extraMs: number): TimerState {
  const extended = { ...state, allowedMs: state.allowedMs + extraMs }
  return { ...extended, warned: stillWarned(remainingMs(extended)) }
}

/** The timing facts of a session's event log that decide which warnings are announced, in log order. */
export type WarningLogEntry = { warnedMs: number } | { extendedToRemainingMs: number }

/**
 * The announced set rebuilt from the log (restart, recovery, snapshot), by the same rule extendTimer applies live:
 * thresholds warned since the last extension that lifted remaining time above them.
 */
export function warnedFromLog(entries: readonly WarningLogEntry[]): number[] {
  let warned: number[] = []
  for (const entry of entries) {
    if ('warnedMs' in entry) warned = warned.includes(entry.warnedMs) ? warned : [...warned, entry.warnedMs]
    else warned = stillWarned(entry.extendedToRemainingMs)
  }
  return warned
}

export const persistDue = (state: TimerState): boolean =>
  state.running && state.last.mono - state.persistedMono >= PERSIST_INTERVAL_MS

export const markPersisted = (state: TimerState): TimerState => ({ ...state, persistedMono: state.last.mono })

/** What goes to the database: whole milliseconds, rounded down so a restart never costs the candidate time. */
export const persistedElapsedMs = (state: TimerState): number => Math.floor(state.elapsedMs)
