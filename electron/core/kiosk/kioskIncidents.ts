import type { SessionService } from '../session/sessionService'
import type { SessionState } from '../base/sessionState'
import { LOCKED_SESSION_STATES } from './exitPolicy'
import type { ExitState } from './exitPolicy'
import { osEventToIncident } from './osEventIncident'
import type { OsEvent } from './osEventIncident'

/**
 * The one way kiosk incidents reach the proctor: the shell (Electron's window and OS events, or the browser host's
 * test route) reports what it noticed, and it is written into the live session's log. The candidate's page has no
 * way to write there, so it can neither fake nor flood what the proctor sees.
 */
export interface IncidentStation {
  sessions: Pick<SessionService, 'snapshot' | 'logIncident'>
  /** The session the candidate desk holds (CandidateDesk.activeSessionId), or null. */
  activeSessionId(): string | null
}

export interface KioskIncidents {
  /**
   * Writes the event into the active session's log while the kiosk holds the candidate (LOCKED_SESSION_STATES), and
   * always a line to the app log. True when it reached the session log; never throws, so one bad write cannot stop
   * the next. Writes are synchronous, so events land in the order they were reported.
   */
  report(event: OsEvent): boolean
  /** The active session's state: null when nobody is checked in, 'unknown' when the station cannot answer. */
  sessionState(): ExitState['sessionState']
}

export interface KioskIncidentLog {
  event(line: string): void
  failure(line: string, error: unknown): void
}

const consoleLog: KioskIncidentLog = {
  event: (line) => console.warn(line),
  failure: (line, error) => console.error(line, error),
}

/** `station` is null when the station could not open: events go to the app log only, and the state is unknown. */
export function createKioskIncidents(
  station: IncidentStation | null,
  log: KioskIncidentLog = consoleLog,
): KioskIncidents {
  const activeSession = (): { id: string; state: SessionState } | null | 'unknown' => {
    if (station === null) return 'unknown'
    try {
      const id = station.activeSessionId()
      return id === null ? null : { id, state: station.sessions.snapshot(id).state }
    } catch (error) {
      log.failure('invigil kiosk: could not read the active session:', error)
      return 'unknown'
    }
  }

  return {
    report(event) {
      const { type, data } = osEventToIncident(event)
      log.event(`invigil kiosk: ${type} ${JSON.stringify(data)}`)
      const active = activeSession()
      if (station === null || active === null || active === 'unknown' || !LOCKED_SESSION_STATES.includes(active.state))
        return false
      try {
        station.sessions.logIncident(active.id, type, data)
        return true
      } catch (error) {
        log.failure('invigil kiosk: could not log an incident:', error)
        return false
      }
    },
    sessionState() {
      const active = activeSession()
      return active === null || active === 'unknown' ? active : active.state
    },
  }
}
