import type { BeginSessionInput, StationRuntime } from '../runtime/stationRuntime'
import type { SessionState } from '../base/sessionState'
import { ApiFailure } from './apiErrors'

/**
 * The station's one candidate desk: which session the API's session methods act on, and what the UI needs that is
 * not a fact of the exam record: the unit the candidate is looking at. Kept in this process, which is what a
 * renderer reload or crash needs; a restarted process finds the session interrupted (a proctor recovers it) and the
 * candidate comes back at the question they saved last (sessionViews.ts).
 *
 * Flags are cached here too (seeded from the session's snapshot), so each flag toggle does not re-verify the whole
 * event chain. Announced time warnings are not: the tick reads them from the core's live timer, which re-arms them
 * when a proctor extends time.
 */
/** Sessions that are over for their candidate: the desk may take the next one. */
export const FINISHED_STATES: readonly SessionState[] = ['submitted', 'exported']

interface DeskSession {
  position: string | null
  flags?: Set<string>
}

export class CandidateDesk {
  private activeId: string | null
  private readonly sessions = new Map<string, DeskSession>()
  private exitUnlocked: { at: string; sessionId: string | null } | null = null

  constructor(private readonly runtime: StationRuntime) {
    // A session a dead process left running is still this desk's: the candidate waits for the proctor to recover it.
    const latest = [...runtime.interruptedAtOpen].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).at(-1)
    this.activeId = latest?.sessionId ?? null
  }

  activeSessionId(): string | null {
    return this.activeId
  }

  /** The active session's id, or NO_ACTIVE_SESSION: nobody has checked in at this station. */
  requireActive(): string {
    if (this.activeId === null) throw new ApiFailure('NO_ACTIVE_SESSION', 'no candidate is checked in at this station')
    return this.activeId
  }

  activate(sessionId: string): void {
    this.activeId = sessionId
    this.sessions.set(sessionId, { position: null, flags: new Set() })
  }

  /**
   * Creates and checks in a session for the candidate and makes it this desk's, refusing while the current
   * candidate's session is still under way: one candidate per station.
   */
  begin(candidate: BeginSessionInput): string {
    const current = this.activeId
    if (current !== null) {
      const { state } = this.runtime.sessions.snapshot(current)
      if (!FINISHED_STATES.includes(state)) {
        throw new ApiFailure(
          'ILLEGAL_TRANSITION',
          `a candidate is already checked in at this station (session ${state})`,
          { state },
        )
      }
    }
    const { sessionId } = this.runtime.beginSession(candidate)
    this.activate(sessionId)
    return sessionId
  }

  /**
   * A session the room moved to this PC (a spare) becomes this desk's, if the desk is free: nobody checked in here,
   * or the last candidate is done. Its candidate then continues as after a recovery (session.acknowledgeRules). A
   * desk with its own candidate keeps them: the room offers only free stations, and this holds if it ever did not.
   */
  takeMovedSession(sessionId: string): boolean {
    const current = this.activeId
    if (current === sessionId) return true
    if (current !== null && !FINISHED_STATES.includes(this.runtime.sessions.snapshot(current).state)) return false
    this.activeId = sessionId
    return true
  }

  /** Makes an existing session (one a proctor recovered) this desk's; its facts are read from its record. */
  adopt(sessionId: string): void {
    this.activeId = sessionId
  }

  /** Forgets purged sessions; the desk is free again if its session was one of them. */
  release(sessionIds: readonly string[]): void {
    for (const sessionId of sessionIds) this.sessions.delete(sessionId)
    if (this.activeId !== null && sessionIds.includes(this.activeId)) this.activeId = null
  }

  /** The proctor let the kiosk's exit through once. */
  unlockExit(at: string): { at: string; sessionId: string | null } {
    this.exitUnlocked = { at, sessionId: this.activeId }
    return this.exitUnlocked
  }

  /** When the exit was unlocked for the active session, if it was. */
  exitUnlockedAt(): string | null {
    return this.exitUnlocked && this.exitUnlocked.sessionId === this.activeId ? this.exitUnlocked.at : null
  }

  position(sessionId: string): string | null {
    return this.entry(sessionId).position
  }

  setPosition(sessionId: string, unitId: string): void {
    this.entry(sessionId).position = unitId
  }

  flags(sessionId: string): Set<string> {
    const entry = this.entry(sessionId)
    entry.flags ??= new Set(this.runtime.sessions.snapshot(sessionId).flags)
    return entry.flags
  }

  /** Replaces the cached facts with what a fresh snapshot showed. */
  seed(sessionId: string, facts: { flags: readonly string[] }): void {
    this.entry(sessionId).flags = new Set(facts.flags)
  }

  private entry(sessionId: string): DeskSession {
    let entry = this.sessions.get(sessionId)
    if (!entry) {
      entry = { position: null }
      this.sessions.set(sessionId, entry)
    }
    return entry
  }
}
