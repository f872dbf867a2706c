import type { SessionContext } from './sessionContext'
import { SessionError } from '../base/sessionErrors'
import { LIVE_STATES, nextState, type SessionState } from '../base/sessionState'
import {
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
  type WarningLogEntry,
} from './sessionTimer'
import { extensionRangeMessage, MAX_EXTENSION_MINUTES } from './sessionInputs'
import type { TickResult, TimeStatus } from './sessionTypes'

/**
 * The session clock in action: brings the in-memory timer up to date, logs clock jumps, announces warnings, persists
 * elapsed time at least every 5 s, and submits when time runs out. Decisions come from the pure sessionTimer.
 */

/** A stopped timer from the database: persisted elapsed time and the warnings announced since the last re-arm. */
export function storedTimer(ctx: SessionContext, sessionId: string): TimerState {
  const row = ctx.row(sessionId)
  const entries = ctx.log.eventsOfType(sessionId, ['time_warning', 'extended']).flatMap((e): WarningLogEntry[] => {
    if (e.type === 'time_warning') return [{ warnedMs: Number(e.data.thresholdMs) }]
    // An extension logged before extensions re-armed warnings has no remainingMs: it re-arms nothing, as it did then.
    return typeof e.data.remainingMs === 'number' ? [{ extendedToRemainingMs: e.data.remainingMs }] : []
  })
  return restoreTimer(
    { allowedMs: row.allowed_ms, elapsedMs: row.elapsed_ms, warned: warnedFromLog(entries) },
    readClock(ctx.clock),
  )
}

/** The timer of a session this process runs, brought up to now; a clock jump is logged and changes nothing. */
export function liveTimer(ctx: SessionContext, sessionId: string): TimerState {
  const timer = ctx.timers.get(sessionId)
  if (!timer) {
    const state = ctx.row(sessionId).state
    if (LIVE_STATES.includes(state)) {
      throw new SessionError(
        'SESSION_INTERRUPTED',
        `session ${sessionId} was left ${state} by a process that stopped; recover it`,
        {
          sessionId,
        },
      )
    }
    throw new SessionError('NOT_RUNNING', `session ${sessionId} is ${state}`, { sessionId, state })
  }
  const seen = observe(timer, readClock(ctx.clock))
  if (seen.jump) {
    ctx.append(sessionId, 'clock_jump', { ...seen.jump })
  }
  ctx.timers.set(sessionId, seen.state)
  return seen.state
}

/** The thresholds a candidate has heard and will not hear again until re-armed, most distant first. */
export const announcedWarnings = (timer: TimerState): number[] => [...timer.warned].sort((a, b) => b - a)

export const timeStatus = (state: SessionState, timer: TimerState): TimeStatus => ({
  state,
  allowedMs: timer.allowedMs,
  elapsedMs: persistedElapsedMs(timer),
  remainingMs: remainingMs(timer),
})

/** Stops the clock and records why (and, for a proctor's ending, the proctor's note): the session is over for the candidate. */
export function submitSession(ctx: SessionContext, sessionId: string, reason: string, note?: string): TimeStatus {
  nextState(ctx.row(sessionId).state, 'submit')
  const timer = setRunning(liveTimer(ctx, sessionId), false)
  const elapsedMs = persistedElapsedMs(timer)
  const data = { reason, elapsedMs, remainingMs: remainingMs(timer), ...(note === undefined ? {} : { note }) }
  ctx.transition(sessionId, 'submit', 'submitted', data, { elapsedMs })
  ctx.timers.delete(sessionId)
  return timeStatus('submitted', timer)
}

/** Stops or restarts the clock once a proctor (PIN) or the room (signature) has authorised it. */
export function pauseOrResume(ctx: SessionContext, sessionId: string, action: 'pause' | 'resume'): TimeStatus {
  const timer = setRunning(liveTimer(ctx, sessionId), action === 'resume')
  const elapsedMs = persistedElapsedMs(timer)
  const head = ctx.transition(
    sessionId,
    action,
    action === 'pause' ? 'paused' : 'resumed',
    { elapsedMs },
    { elapsedMs },
  )
  ctx.timers.set(sessionId, markPersisted(timer))
  return timeStatus(head.state as TimeStatus['state'], timer)
}

/** The minutes proctors and the room have added to a session so far. */
export const extensionMinutesGranted = (ctx: SessionContext, sessionId: string): number =>
  ctx.log.eventsOfType(sessionId, ['extended']).reduce((sum, event) => sum + Number(event.data.minutes), 0)

/**
 * The minutes proctors may add to one session in all: the exam's own length (a disruption cannot take back more time
 * than the exam has), and never more than MAX_EXTENSION_MINUTES. A 30-minute quiz takes at most 30, a 6-hour exam 240.
 */
export const extensionLimitMinutes = (durationMs: number): number =>
  Math.min(MAX_EXTENSION_MINUTES, Math.max(1, Math.ceil(durationMs / 60_000)))

/** Minutes still allowed for the session's extensions. */
export const extensionMinutesLeft = (ctx: SessionContext, sessionId: string): number =>
  Math.max(0, extensionLimitMinutes(ctx.row(sessionId).duration_ms) - extensionMinutesGranted(ctx, sessionId))

/**
 * Adds time once authorised; `extension` is already parsed (extensionSchema). The session's extensions together stay
 * within extensionLimitMinutes: one that would pass it is refused with the minutes still allowed.
 */
export function extendSession(
  ctx: SessionContext,
  sessionId: string,
  extension: { minutes: number; reason: string },
): TimeStatus {
  const granted = extensionMinutesGranted(ctx, sessionId)
  const limit = extensionLimitMinutes(ctx.row(sessionId).duration_ms)
  const left = Math.max(0, limit - granted)
  if (extension.minutes > left) {
    const already = `${String(granted)} of ${String(limit)} minutes already added`
    throw new SessionError(
      'EXTENSION_LIMIT',
      left === 0 ? `no more time can be added: ${already}` : `minutes: ${extensionRangeMessage(left)} (${already})`,
      { maxMinutes: left, grantedMinutes: granted, limitMinutes: limit },
    )
  }
  const timer = extendTimer(liveTimer(ctx, sessionId), extension.minutes * 60_000)
  const elapsedMs = persistedElapsedMs(timer)
  // remainingMs is what storedTimer re-arms warnings from after a restart, as extendTimer just did live.
  const data = { ...extension, allowedMs: timer.allowedMs, remainingMs: remainingMs(timer) }
  const head = ctx.append(sessionId, 'extended', data, { allowedMs: timer.allowedMs, elapsedMs })
  ctx.timers.set(sessionId, markPersisted(timer))
  return timeStatus(head.state as TimeStatus['state'], timer)
}

/** What the host calls every second or so. */
export function tickSession(ctx: SessionContext, sessionId: string): TickResult {
  if (!ctx.timers.has(sessionId)) {
    const state = ctx.row(sessionId).state
    if (LIVE_STATES.includes(state)) liveTimer(ctx, sessionId) // throws SESSION_INTERRUPTED
    const stored = storedTimer(ctx, sessionId)
    return { ...timeStatus(state, stored), newWarnings: [], warnings: announcedWarnings(stored), timeUp: false }
  }
  let timer = liveTimer(ctx, sessionId)
  if (!timer.running)
    return {
      ...timeStatus(ctx.row(sessionId).state, timer),
      newWarnings: [],
      warnings: announcedWarnings(timer),
      timeUp: false,
    }

  if (timeUp(timer))
    return {
      ...submitSession(ctx, sessionId, 'time_up'),
      newWarnings: [],
      warnings: announcedWarnings(timer),
      timeUp: true,
    }
  const newWarnings = dueWarnings(timer)
  if (newWarnings.length > 0 || persistDue(timer)) {
    const elapsedMs = persistedElapsedMs(timer)
    const keys = ctx.keys(sessionId)
    ctx.transaction(() => {
      let head = ctx.log.head(keys)
      for (const thresholdMs of newWarnings) {
        const data = { thresholdMs, remainingMs: remainingMs(timer) }
        head = ctx.log.append(keys, head, { type: 'time_warning', at: ctx.nowIso(), data }, { elapsedMs })
      }
      if (newWarnings.length === 0) ctx.log.setHead(keys, { ...head, elapsedMs }, ctx.nowIso(), head.state)
    })
    timer = markPersisted(markWarned(timer, newWarnings))
    ctx.timers.set(sessionId, timer)
  }
  return { ...timeStatus('running', timer), newWarnings, warnings: announcedWarnings(timer), timeUp: false }
}

/** The live timer of a running session; at zero it submits (time_up) and refuses the action. */
export function runningTimer(ctx: SessionContext, sessionId: string): TimerState {
  const timer = liveTimer(ctx, sessionId)
  if (!timer.running) throw new SessionError('NOT_RUNNING', `session ${sessionId} is not running`, { sessionId })
  if (timeUp(timer)) {
    submitSession(ctx, sessionId, 'time_up')
    throw new SessionError('TIME_UP', 'the exam time is over; the session was submitted', { sessionId })
  }
  return timer
}
