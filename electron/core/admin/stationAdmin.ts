import type { SessionKeyring } from '../crypto/keyring'
import { RosterStore } from '../roster/rosterStore'
import type { Clock } from '../base/clock'
import type { ScryptParams } from '../crypto/secretHash'
import type { SessionService } from '../session/sessionService'
import { SESSION_STATES, type SessionState } from '../base/sessionState'
import type { StationDatabase } from '../db/database'
import { EVENT_TYPES } from '../base/eventChain'
import type { EventType, SessionEvent } from '../base/eventChain'
import { eventsNotExported } from '../session/exportCoverage'
import { EventLog } from '../db/eventLog'
import { SealedRecordStore } from '../db/sealedRecordStore'
import type { RandomSource } from '../crypto/randomSource'
import { SessionTable } from '../db/sessionTable'
import { StoreError } from '../db/storeError'
import { InstalledSittings } from './installedSitting'
import { deleteSessions } from './sessionPurge'
import { StationCredentials } from './stationCredentials'
import { TrustedAuthorities } from './trustedAuthorities'

export interface StationAdminDeps {
  db: StationDatabase
  keyring: SessionKeyring
  random: RandomSource
  clock: Clock
  sessions: SessionService
  /** scrypt cost for a newly set admin password; tests lower it. */
  passwordParams?: ScryptParams
}

/** A session as the station lists it: plain columns only; who sat it and how they scored need the session's key. */
export interface SessionRowInfo {
  sessionId: string
  examId: string
  packageHash: string
  /** As stored; authenticated only when the session is read through the session service. */
  state: SessionState
  createdAt: string
  updatedAt: string
}

export interface PurgeOutcome {
  purged: string[]
  /** Exported sessions kept: graded again since their export, or failing verification (an administrator looks). */
  skipped: { sessionId: string; reason: string }[]
}

/**
 * The station's administration state, beside its sessions: credentials (setup, admin password, proctor PIN login),
 * trusted exam authorities, the candidate roster, the installed sitting, and the session housekeeping only an
 * administrator does.
 */
export class StationAdmin {
  readonly credentials: StationCredentials
  readonly authorities: TrustedAuthorities
  readonly roster: RosterStore
  readonly sitting: InstalledSittings
  private readonly table: SessionTable
  private readonly log: EventLog

  constructor(private readonly deps: StationAdminDeps) {
    const nowIso = (): string => new Date(deps.clock.wallMs()).toISOString()
    const records = new SealedRecordStore(deps.db, deps.keyring, deps.random)
    this.credentials = new StationCredentials({
      ...deps,
      ...(deps.passwordParams ? { params: deps.passwordParams } : {}),
    })
    this.authorities = new TrustedAuthorities(records, nowIso)
    this.roster = new RosterStore(records, nowIso)
    this.sitting = new InstalledSittings(records)
    this.table = new SessionTable(deps.db)
    this.log = new EventLog(deps.db)
  }

  /** Runs `write` as one transaction on the station database: what must change together (a sitting's parts) does. */
  atomically<T>(write: () => T): T {
    return this.deps.db.transaction(write)()
  }

  /**
   * A session's events of some types with seq above `afterSeq`, as stored: for the proctor's live views (incidents,
   * extensions). Nothing is decided on them; the record is verified where it matters (snapshot, export).
   */
  eventsOf(sessionId: string, types: readonly EventType[], afterSeq = 0): SessionEvent[] {
    return this.log.eventsOfType(sessionId, types).filter((event) => event.seq > afterSeq)
  }

  /** Every session on the station, newest first. */
  sessionRows(): SessionRowInfo[] {
    return this.table
      .inStates(SESSION_STATES)
      .map((row) => ({
        sessionId: row.id,
        examId: row.exam_id,
        packageHash: row.package_hash,
        state: row.state as SessionState,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }))
      .reverse()
  }

  /**
   * True when the log holds events no exported bundle carries (a grade recorded since, or during, the last export):
   * the newest result is only on this station (session/exportCoverage).
   */
  changedSinceExport(sessionId: string): boolean {
    return eventsNotExported(this.eventsOf(sessionId, EVENT_TYPES)).length > 0
  }

  /**
   * Deletes the sessions whose results are safely out: state exported, confirmed by verifying each session's record
   * (the state is part of its MAC'd head, and the export marks are events under it), so an edited state column
   * cannot get an unexported session deleted; and the newest log has left in a bundle, so no mark exists only here.
   */
  purgeExported(): PurgeOutcome {
    const outcome: PurgeOutcome = { purged: [], skipped: [] }
    for (const row of this.table.inStates(['exported'])) {
      const reason = this.changedSinceExport(row.id)
        ? 'its newest events (a grade recorded since) are in no exported bundle: export it again first'
        : this.integrityProblem(row.id)
      if (reason === undefined) outcome.purged.push(row.id)
      else outcome.skipped.push({ sessionId: row.id, reason })
    }
    deleteSessions(this.deps.db, outcome.purged)
    return outcome
  }

  private integrityProblem(sessionId: string): string | undefined {
    try {
      const report = this.deps.sessions.verifyIntegrity(sessionId)
      return report.ok ? undefined : report.reason
    } catch (error) {
      // A key that does not unwrap is tampering too; anything else is not ours to swallow.
      if (error instanceof StoreError && error.code === 'TAMPER_DETECTED') return error.message
      throw error
    }
  }
}
