import type { StationDatabase } from './database'
import { verifyChain, type SessionEvent } from '../base/eventChain'
import { type JsonValue } from '../base/jsonValue'
import { parseEventLine } from '../base/eventChain'
import { EventLog, type StoredEvent } from './eventLog'
import { headMacMatches, sealedDigest, type SessionKeys } from './sessionCrypto'

/**
 * Recomputes a session's whole record from storage: the hash chain from stored lines, the stored hashes, the head and
 * its MAC, and that every encrypted row (answers, manual scores, candidate identity) is exactly the one its event
 * names. Run on the read paths that matter (resume, recovery, export, snapshot); the save path checks only the MAC.
 */
export type IntegrityReport = { ok: true; seq: number; head: string } | { ok: false; reason: string }

/** A passing report with the log it verified (the stored rows and their parsed events), for a read path that needs it. */
export type VerifiedSessionLog =
  { ok: true; seq: number; head: string; rows: StoredEvent[]; events: SessionEvent[] } | { ok: false; reason: string }

interface SealedRow {
  key: string
  label: string
  key_id: string
  nonce: Buffer
  ciphertext: Buffer
  saved_at: string
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason })

export function verifySessionIntegrity(db: StationDatabase, keys: SessionKeys): IntegrityReport {
  const checked = verifySessionLog(db, keys)
  return checked.ok ? { ok: true, seq: checked.seq, head: checked.head } : checked
}

/** The same check, handing back what it read, so the caller parses the log once (exportRecordOf). */
export function verifySessionLog(db: StationDatabase, keys: SessionKeys): VerifiedSessionLog {
  const log = new EventLog(db)
  const stored = log.storedHead(keys.sessionId)
  if (!stored) return fail('session row is missing')
  const events = log.events(keys.sessionId)

  const parsed: SessionEvent[] = []
  for (const [index, row] of events.entries()) {
    let event: SessionEvent
    try {
      event = parseEventLine(row.line)
    } catch {
      return fail(`event ${String(index + 1)}: line is not JSON`)
    }
    if (row.seq !== index + 1)
      return fail(`event ${String(index + 1)}: expected seq ${String(index + 1)}, found row seq ${String(row.seq)}`)
    if (row.type !== event.type)
      return fail(`event ${String(row.seq)}: type column "${row.type}" differs from its line`)
    parsed.push(event)
  }
  const chain = verifyChain(
    events.map((e) => e.line),
    events.map((e) => e.hash),
    parsed,
  )
  if (!chain.ok) return fail(`event ${String(chain.brokenAt)}: ${chain.reason}`)
  if (chain.count !== stored.head.seq || chain.head !== stored.head.hash) {
    return fail(`chain ends at seq ${String(chain.count)} but the session head says seq ${String(stored.head.seq)}`)
  }
  if (!headMacMatches(keys, stored.head, stored.mac))
    return fail('session head MAC does not match (head rolled back or edited)')
  const first = parsed[0]
  if (first?.type !== 'session_created' || first.data.session !== keys.sessionId) {
    return fail("the first event is not this session's session_created")
  }
  const binding = checkBinding(db, keys.sessionId, first.data)
  if (binding) return fail(binding)

  const answerRows = db
    .prepare<[string], SealedRow>(
      `SELECT item_id || '#' || revision AS key, 'answer ' || item_id || ' revision ' || revision AS label,
        key_id, nonce, ciphertext, saved_at FROM answers WHERE session_id = ?`,
    )
    .all(keys.sessionId)
  const answerEvents = indexEvents(parsed, 'answer_saved', (d) => `${String(d.item)}#${String(d.revision)}`)
  const answers = matchRows(keys, answerRows, answerEvents, 'answer_saved')
  if (answers) return fail(answers)

  const scoreRows = db
    .prepare<[string], SealedRow>(
      `SELECT item_id || '/' || part_id || '#' || revision AS key, 'manual score ' || item_id || '/' || part_id || ' revision ' || revision AS label,
        key_id, nonce, ciphertext, saved_at FROM manual_scores WHERE session_id = ?`,
    )
    .all(keys.sessionId)
  const scoreEvents = indexEvents(parsed, 'graded', (d) => `${String(d.item)}/${String(d.part)}#${String(d.revision)}`)
  const scores = matchRows(keys, scoreRows, scoreEvents, 'graded')
  if (scores) return fail(scores)

  const candidate = checkCandidate(db, keys.sessionId, parsed)
  if (candidate) return fail(candidate)
  return { ok: true, seq: chain.count, head: chain.head, rows: events, events: parsed }
}

interface EventRef {
  ct: JsonValue | undefined
  at: string
  seq: number
}

function indexEvents(
  events: SessionEvent[],
  type: string,
  keyOf: (data: Record<string, JsonValue>) => string,
): Map<string, EventRef> {
  const index = new Map<string, EventRef>()
  for (const event of events)
    if (event.type === type) index.set(keyOf(event.data), { ct: event.data.ct, at: event.at, seq: event.seq })
  return index
}

/** Each row must match its own event (digest, time, key); each event must still have its row. */
function matchRows(
  keys: SessionKeys,
  rows: SealedRow[],
  events: Map<string, EventRef>,
  type: string,
): string | undefined {
  const unmatched = new Map(events)
  for (const row of rows) {
    const event = events.get(row.key)
    if (!event) return `${row.label} has no ${type} event`
    if (row.key_id !== keys.keyId) return `${row.label} is under another key`
    if (event.ct !== sealedDigest(row))
      return `${row.label} ciphertext differs from its ${type} event (seq ${String(event.seq)})`
    if (event.at !== row.saved_at)
      return `${row.label} saved_at differs from its ${type} event (seq ${String(event.seq)})`
    unmatched.delete(row.key)
  }
  const [missing] = unmatched.entries()
  return missing ? `the row for ${type} event seq ${String(missing[1].seq)} (${missing[0]}) is missing` : undefined
}

function checkCandidate(db: StationDatabase, sessionId: string, events: SessionEvent[]): string | undefined {
  const row = db
    .prepare<[string], { candidate_nonce: Buffer | null; candidate_ct: Buffer | null }>(
      'SELECT candidate_nonce, candidate_ct FROM sessions WHERE id = ?',
    )
    .get(sessionId)
  const checkIn = events.find((e) => e.type === 'checked_in')
  if (!row?.candidate_nonce || !row.candidate_ct) return checkIn ? 'candidate identity is missing' : undefined
  if (!checkIn) return 'candidate identity present without a checked_in event'
  const digest = sealedDigest({ nonce: row.candidate_nonce, ciphertext: row.candidate_ct })
  return checkIn.data.candidate === digest ? undefined : 'candidate identity differs from its checked_in event'
}

/**
 * The row's exam, package, form seed and key id are plain columns; what authenticates them is the session_created
 * event, which the MAC'd head covers through the chain. A row that names another installed package (to regrade the
 * session against it) differs from its own first event.
 */
function checkBinding(db: StationDatabase, sessionId: string, created: Record<string, JsonValue>): string | undefined {
  const row = db
    .prepare<
      [string],
      { exam_id: string; package_hash: string; form_seed: string; key_id: string; duration_ms: number }
    >('SELECT exam_id, package_hash, form_seed, key_id, duration_ms FROM sessions WHERE id = ?')
    .get(sessionId)
  if (!row) return 'session row is missing'
  const bound: [string, unknown, JsonValue | undefined][] = [
    ['exam_id', row.exam_id, created.exam],
    ['package_hash', row.package_hash, created.packageHash],
    ['form_seed', row.form_seed, created.formSeed],
    ['key_id', row.key_id, created.keyId],
    ['duration_ms', row.duration_ms, created.durationMs],
  ]
  // A field the event does not carry cannot be checked (no session written by this app lacks one); the chain stops
  // anyone removing a field from the event, so only a row edit is what this looks for.
  const changed = bound.find(([, stored, signed]) => signed !== undefined && stored !== signed)
  return changed
    ? `session ${changed[0]} differs from its session_created event (the session is bound to it)`
    : undefined
}
