import type { SessionKeyring } from '../crypto/keyring'
import { AnswerStore } from '../db/answerStore'
import type { StationDatabase } from '../db/database'
import type { EventType } from '../base/eventChain'
import type { JsonValue } from '../base/jsonValue'
import { EventLog, type HeadChange } from '../db/eventLog'
import { ManualScoreStore } from '../db/manualScoreStore'
import { ProctorCredentialStore } from '../db/proctorCredentialStore'
import { RoomCommandStore } from '../db/roomCommandStore'
import { deriveSessionKeys, type SessionHead, type SessionKeys } from '../db/sessionCrypto'
import { defaultRandom, type RandomSource } from '../crypto/randomSource'
import { verifySessionLog, type VerifiedSessionLog } from '../db/sessionIntegrity'
import { SessionTable, type SessionRow } from '../db/sessionTable'
import { tamperDetected } from '../db/storeError'
import { walCheckpointsOf, type WalCheckpoints } from '../db/walCheckpoints'
import type { Clock } from '../base/clock'
import type { ScryptParams } from '../crypto/secretHash'
import { SessionError } from '../base/sessionErrors'
import { isSessionState, nextState, type SessionAction, type SessionState } from '../base/sessionState'
import type { TimerState } from './sessionTimer'
import { noNamedProctors, type NamedProctorLookup } from './proctorProof'
import { SessionCommits } from './sessionCommits'

export interface SessionServiceDeps {
  db: StationDatabase
  keyring: SessionKeyring
  clock: Clock
  random?: RandomSource
  /** scrypt cost for newly set PINs (tests lower it); verification always uses the stored parameters. */
  pinParams?: ScryptParams
  /** The installed sitting's named proctors (their PIN verifiers); none by default. */
  namedProctor?: NamedProctorLookup
}

/**
 * What the session service's parts share: the stores (prepared once), the clock, unwrapped keys, and the timers of
 * the sessions THIS process runs. A running session without a timer here was left by a process that died.
 */
export class SessionContext {
  readonly db: StationDatabase
  readonly clock: Clock
  readonly random: RandomSource
  readonly keyring: SessionKeyring
  readonly log: EventLog
  readonly sessions: SessionTable
  readonly answers: AnswerStore
  readonly scores: ManualScoreStore
  readonly credentials: ProctorCredentialStore
  readonly roomCommands: RoomCommandStore
  readonly namedProctor: NamedProctorLookup
  readonly timers = new Map<string, TimerState>()
  /** Told after each outermost commit (sessionCommits.ts). */
  readonly commits = new SessionCommits()
  private readonly keyCache = new Map<string, SessionKeys>()
  private readonly checkpoints: WalCheckpoints | undefined

  constructor(deps: SessionServiceDeps) {
    this.db = deps.db
    this.clock = deps.clock
    this.random = deps.random ?? defaultRandom
    this.keyring = deps.keyring
    this.log = new EventLog(deps.db)
    this.sessions = new SessionTable(deps.db)
    this.answers = new AnswerStore(deps.db, this.log, this.random, () => this.commits.notify())
    this.scores = new ManualScoreStore(deps.db, this.log, this.random)
    this.credentials = new ProctorCredentialStore(deps.db, deps.keyring, this.random)
    this.roomCommands = new RoomCommandStore(deps.db)
    this.namedProctor = deps.namedProctor ?? noNamedProctors
    this.checkpoints = walCheckpointsOf(deps.db)
  }

  nowIso(): string {
    return new Date(this.clock.wallMs()).toISOString()
  }

  transaction<T>(fn: () => T): T {
    const result = this.db.transaction(fn)()
    if (!this.db.inTransaction) {
      this.checkpoints?.noteCommit()
      this.commits.notify()
    }
    return result
  }

  row(sessionId: string): SessionRow & { state: SessionState } {
    const row = this.sessions.get(sessionId)
    if (!row) throw new SessionError('SESSION_NOT_FOUND', `no session ${sessionId}`, { sessionId })
    if (!isSessionState(row.state)) throw tamperDetected(`session ${sessionId} has unknown state "${row.state}"`)
    return row as SessionRow & { state: SessionState }
  }

  /** The session's keys, unwrapped once; a wrapped key that fails to open was moved or edited. */
  keys(sessionId: string): SessionKeys {
    const cached = this.keyCache.get(sessionId)
    if (cached) return cached
    const row = this.row(sessionId)
    let dataKey: Buffer
    try {
      dataKey = this.keyring.unwrapSessionKey(sessionId, row.wrapped_key)
    } catch {
      throw tamperDetected(`the data key of session ${sessionId} does not unwrap`)
    }
    const keys = deriveSessionKeys(sessionId, row.key_id, dataKey)
    this.keyCache.set(sessionId, keys)
    return keys
  }

  cacheKeys(keys: SessionKeys): void {
    this.keyCache.set(keys.sessionId, keys)
  }

  /** Full verification; throws TAMPER_DETECTED naming what broke. Returns the log it verified, parsed. */
  assertIntegrity(sessionId: string): Extract<VerifiedSessionLog, { ok: true }> {
    const report = verifySessionLog(this.db, this.keys(sessionId))
    if (!report.ok) throw tamperDetected(`session ${sessionId}: ${report.reason}`)
    return report
  }

  /** Appends one event after the authenticated head, in its own transaction unless already inside one. */
  append(sessionId: string, type: EventType, data: Record<string, JsonValue>, change: HeadChange = {}): SessionHead {
    const keys = this.keys(sessionId)
    return this.transaction(() => this.log.append(keys, this.log.head(keys), { type, at: this.nowIso(), data }, change))
  }

  /** A lifecycle step: checks the transition against the stored (authenticated) state and logs its event. */
  transition(
    sessionId: string,
    action: SessionAction,
    type: EventType,
    data: Record<string, JsonValue>,
    change: Omit<HeadChange, 'state'> = {},
  ): SessionHead {
    const keys = this.keys(sessionId)
    return this.transaction(() => {
      const head = this.log.head(keys)
      const state = nextState(head.state as SessionState, action)
      return this.log.append(keys, head, { type, at: this.nowIso(), data }, { ...change, state })
    })
  }
}
