import type { StationStatus } from '../core/api/contract'
import { LOCKED_SESSION_STATES } from '../core/kiosk/exitPolicy'
import type { ExitState } from '../core/kiosk/exitPolicy'
import { osEventToIncident } from '../core/kiosk/osEventIncident'
import type { OsEvent } from '../core/kiosk/osEventIncident'
import type { SessionState } from '../core/session/sessionState'
import type { StationApi } from './stationApi'

export interface IncidentReporter {
  /** Writes the event into the live session's log, where the proctor sees it; always to the app log too. */
  report(event: OsEvent): void
  /** The active session's state: null when nobody is checked in, 'unknown' when the station cannot answer. */
  sessionState(): Promise<ExitState['sessionState']>
}

/** Kiosk events into the session log, through the same station the API uses. Writes are queued to keep order. */
export function createIncidentReporter(station: StationApi): IncidentReporter {
  const activeSession = async (): Promise<{ id: string; state: SessionState } | null | 'unknown'> => {
    const status = await station.dispatch('station.status', {})
    if (!status.ok || !station.sessions) return 'unknown'
    const id = (status.value as StationStatus).activeSessionId
    return id === null ? null : { id, state: station.sessions.snapshot(id).state }
  }
  let queue = Promise.resolve()
  return {
    report(event) {
      const { type, data } = osEventToIncident(event)
      console.warn(`invigil kiosk: ${type} ${JSON.stringify(data)}`)
      queue = queue
        .then(async () => {
          const active = await activeSession()
          if (active === null || active === 'unknown' || !LOCKED_SESSION_STATES.includes(active.state)) return
          station.sessions?.logIncident(active.id, type, data)
        })
        .catch((error: unknown) => console.error('invigil kiosk: could not log an incident:', error))
    },
    sessionState: () =>
      activeSession().then(
        (active) => (active === null || active === 'unknown' ? active : active.state),
        () => 'unknown' as const,
      ),
  }
}
