import { resealStationHead } from './stationSeal'
import type { Statement } from 'better-sqlite3'
import type { StationDatabase } from './database'
import { chainHash, eventLine, type EventType, type SessionEvent } from '../base/eventChain'
import { type JsonValue } from '../base/jsonValue'
import { parseEventLine } from '../base/eventChain'
import { headMac, headMacMatches, type SessionHead, type SessionKeys } from './sessionCrypto'
import { StoreError, tamperDetected } from './storeError'

/**
 * The append-only per-session event log (format: eventChain.ts). The session row carries the chain head and an HMAC
 * over it, rewritten in the same transaction as every event, so a deleted tail or a rewritten head is detected by
 * anyone who lacks the session key. Methods that write must run inside the caller's transaction.
 */
export interface NewEvent {
  type: EventType
  at: string
  data: Record<string, JsonValue>
}

export interface StoredEvent {
  seq: number
  type: string
  line: string
  hash: string
}

export type HeadChange = Partial<Pick<SessionHead, 'state' | 'allowedMs' | 'elapsedMs'>>

interface HeadRow {
  state: string
  head_seq: number
  head_hash: string
  allowed_ms: number
  elapsed_ms: number
  head_mac: Buffer
}

export class EventLog {
  private readonly readHead: Statement<[string], HeadRow>
  private readonly writeHead: Statement<[string, number, string, number, number, Buffer, string, string]>
  private readonly writeHeadSameState: Statement<[number, string, number, number, Buffer, string, string]>
  private readonly insertEvent: Statement<[string, number, string, string, string]>
  private readonly allEvents: Statement<[string], StoredEvent>
  private readonly someEvents: Statement<[string, number, number], StoredEvent>
  private readonly eventsOfTypes: Statement<[string, string], { line: string }>
  /** Head writes per session through this log, committed or not: a cached head is stale once this moves. */
  private readonly headWrites = new Map<string, number>()

  constructor(private readonly db: StationDatabase) {
    this.readHead = db.prepare(
      'SELECT state, head_seq, head_hash, allowed_ms, elapsed_ms, head_mac FROM sessions WHERE id = ?',
    )
    this.writeHead = db.prepare(
      'UPDATE sessions SET state = ?, head_seq = ?, head_hash = ?, allowed_ms = ?, elapsed_ms = ?, head_mac = ?, updated_at = ? WHERE id = ?',
    )
    // Without `state`: SQLite rewrites an index entry whenever its column is SET, changed or not, and sessions_by_state
    // would cost every save one more page in the WAL.
    this.writeHeadSameState = db.prepare(
      'UPDATE sessions SET head_seq = ?, head_hash = ?, allowed_ms = ?, elapsed_ms = ?, head_mac = ?, updated_at = ? WHERE id = ?',
    )
    this.insertEvent = db.prepare('INSERT INTO events (session_id, seq, type, line, hash) VALUES (?, ?, ?, ?, ?)')
    this.allEvents = db.prepare('SELECT seq, type, line, hash FROM events WHERE session_id = ? ORDER BY seq')
    this.someEvents = db.prepare(
      'SELECT seq, type, line, hash FROM events WHERE session_id = ? AND seq >= ? ORDER BY seq LIMIT ?',
    )
    this.eventsOfTypes = db.prepare(
      'SELECT line FROM events WHERE session_id = ? AND type IN (SELECT value FROM json_each(?)) ORDER BY seq',
    )
  }

  /** The session head as stored, without checking it (integrity verification compares it itself). */
  storedHead(sessionId: string): { head: SessionHead; mac: Buffer } | undefined {
    const row = this.readHead.get(sessionId)
    if (!row) return undefined
    const head = {
      state: row.state,
      seq: row.head_seq,
      hash: row.head_hash,
      allowedMs: row.allowed_ms,
      elapsedMs: row.elapsed_ms,
    }
    return { head, mac: row.head_mac }
  }

  /** The authenticated head. Every write starts here, so a tampered head is never laundered by a fresh MAC. */
  head(keys: SessionKeys): SessionHead {
    const stored = this.storedHead(keys.sessionId)
    if (!stored) throw new StoreError('SESSION_NOT_FOUND', `no session ${keys.sessionId}`)
    if (!headMacMatches(keys, stored.head, stored.mac)) throw tamperDetected('session head MAC does not match')
    return stored.head
  }

  /** Appends one event after `head` (as returned by head() or a previous append) and returns the new head. */
  append(keys: SessionKeys, head: SessionHead, event: NewEvent, change: HeadChange = {}): SessionHead {
    const seq = head.seq + 1
    const line = eventLine({ seq, ...event } satisfies SessionEvent)
    const hash = chainHash(head.hash, line)
    this.insertEvent.run(keys.sessionId, seq, event.type, line, hash)
    return this.setHead(keys, { ...head, ...change, seq, hash }, event.at, head.state)
  }

  /** A line another station wrote, with its hash (a session taken over; the caller checked the chain). */
  importLine(sessionId: string, event: StoredEvent): void {
    this.insertEvent.run(sessionId, event.seq, event.type, event.line, event.hash)
  }

  /**
   * Rewrites the MAC'd head without an event (the timer persisting elapsed time). `storedState` is the state of the
   * authenticated head this one follows: when it is unchanged the state column is left as it is (were the row's state
   * edited meanwhile, the new MAC, which covers head.state, would not match it).
   */
  setHead(keys: SessionKeys, head: SessionHead, at: string, storedState?: string): SessionHead {
    const mac = headMac(keys, head)
    this.headWrites.set(keys.sessionId, this.headWritesOf(keys.sessionId) + 1)
    if (storedState === head.state)
      this.writeHeadSameState.run(head.seq, head.hash, head.allowedMs, head.elapsedMs, mac, at, keys.sessionId)
    else this.writeHead.run(head.state, head.seq, head.hash, head.allowedMs, head.elapsedMs, mac, at, keys.sessionId)
    resealStationHead(this.db, keys.sessionId, head.seq, head.hash)
    return head
  }

  headWritesOf(sessionId: string): number {
    return this.headWrites.get(sessionId) ?? 0
  }

  events(sessionId: string): StoredEvent[] {
    return this.allEvents.all(sessionId)
  }

  /** At most `limit` stored events from `fromSeq` on, in order (a log shipment's chunk). */
  eventsFrom(sessionId: string, fromSeq: number, limit: number): StoredEvent[] {
    return this.someEvents.all(sessionId, fromSeq, limit)
  }

  /** Parsed events of some types, in order (flags, warnings, extensions are derived from the log, not duplicated). */
  eventsOfType(sessionId: string, types: readonly EventType[]): SessionEvent[] {
    return this.eventsOfTypes.all(sessionId, JSON.stringify(types)).map((row) => parseEventLine(row.line))
  }
}
