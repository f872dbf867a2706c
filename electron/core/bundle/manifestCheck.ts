import { MAX_TEXT_RESPONSE_CHARS } from '../base/responseSchema'
import { isoTimePattern, RESULT_FORMAT, type ResultManifest } from './bundleFormat'

/**
 * The verifier's hand-written twin of resultManifestSchema, for its hot path (zod took about a tenth of a call). It
 * is sure only of "yes": whatever it accepts the schema accepts (manifestCheck.test.ts holds it to that), and whatever
 * it does not, the verifier hands to zod, whose verdict and message stand. A manifest parsed from JSON is plain
 * objects, arrays and primitives, so counting an object's own keys and checking each expected one is exactly
 * zod's strict object.
 */

type Fields = Record<string, unknown>

/** A plain object with exactly `size` own keys (the caller checks which). */
function record(value: unknown, size: number): Fields | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  return Object.keys(value).length === size ? (value as Fields) : undefined
}

const SUBMIT_REASONS: ReadonlySet<unknown> = new Set(['candidate', 'proctor', 'time_up'])
const HEX64 = /^[0-9a-f]{64}$/
const STATION_ID = /^[0-9a-f]{16}$/

const isText = (value: unknown): boolean => typeof value === 'string' && value.length > 0
const isTime = (value: unknown): boolean => typeof value === 'string' && isoTimePattern.test(value)
const isTimeOrNull = (value: unknown): boolean => value === null || isTime(value)
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0
const isPoints = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0
const isNonNegative = isPoints

function everyOf(value: unknown, check: (member: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false
  for (const member of value) if (!check(member)) return false
  return true
}

/** responseSchema: a boolean, distinct option letters A-Z (at most 26), text within the limit, or null. */
function isResponseValue(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true
  if (typeof value === 'string') return value.length <= MAX_TEXT_RESPONSE_CHARS
  if (!Array.isArray(value) || value.length > 26) return false
  let seen = 0
  for (const letter of value) {
    if (typeof letter !== 'string' || letter.length !== 1) return false
    const bit = letter.charCodeAt(0) - 0x41
    if (bit < 0 || bit > 25 || (seen & (1 << bit)) !== 0) return false
    seen |= 1 << bit
  }
  return true
}

function isSavedResponse(value: unknown): boolean {
  const r = record(value, 4)
  return (
    r !== undefined &&
    isText(r.item) &&
    'value' in r &&
    isResponseValue(r.value) &&
    Number.isSafeInteger(r.revision) &&
    (r.revision as number) > 0 &&
    isTime(r.saved_at)
  )
}

const METHODS: ReadonlySet<unknown> = new Set(['auto', 'manual'])
const STATUSES: ReadonlySet<unknown> = new Set(['scored', 'pending_manual', 'unanswered'])

function isUnitScore(value: unknown): boolean {
  const u = record(value, 5)
  return (
    u !== undefined &&
    isText(u.id) &&
    isPoints(u.points) &&
    isPoints(u.max) &&
    METHODS.has(u.method) &&
    STATUSES.has(u.status)
  )
}

function isSectionScore(value: unknown): boolean {
  const s = record(value, 4)
  return s !== undefined && isText(s.id) && isPoints(s.points) && isPoints(s.max) && isCount(s.pending)
}

function isGradingResult(value: unknown): boolean {
  const g = record(value, 7)
  return (
    g !== undefined &&
    everyOf(g.units, isUnitScore) &&
    everyOf(g.sections, isSectionScore) &&
    isPoints(g.total) &&
    isPoints(g.max) &&
    isCount(g.pending) &&
    (g.pass_mark === null || isPoints(g.pass_mark)) &&
    (g.passed === null || typeof g.passed === 'boolean')
  )
}

function isSession(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const note = (value as Fields).submit_note
  const s = record(value, note === undefined ? 5 : 6)
  return (
    s !== undefined &&
    isText(s.id) &&
    isTime(s.created_at) &&
    isTimeOrNull(s.started_at) &&
    isTimeOrNull(s.submitted_at) &&
    (s.submit_reason === null || SUBMIT_REASONS.has(s.submit_reason)) &&
    (note === undefined || (typeof note === 'string' && note.length >= 1 && note.length <= 1000))
  )
}

function isExtension(value: unknown): boolean {
  const e = record(value, 3)
  return (
    e !== undefined &&
    typeof e.minutes === 'number' &&
    Number.isFinite(e.minutes) &&
    e.minutes > 0 &&
    typeof e.reason === 'string' &&
    isTime(e.at)
  )
}

function isAccommodations(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const { extra_percent: percent, extra_minutes: minutes } = value as Fields
  const a = record(value, (percent === undefined ? 0 : 1) + (minutes === undefined ? 0 : 1))
  return (
    a !== undefined &&
    (percent === undefined || isNonNegative(percent)) &&
    (minutes === undefined || isNonNegative(minutes))
  )
}

function isTiming(value: unknown): boolean {
  const t = record(value, 4)
  return (
    t !== undefined &&
    isCount(t.allowed_ms) &&
    isCount(t.elapsed_ms) &&
    everyOf(t.extensions, isExtension) &&
    isAccommodations(t.accommodations)
  )
}

/** Whether `value` (parsed JSON) surely passes resultManifestSchema; false means "ask zod". */
export function isResultManifest(value: unknown): value is ResultManifest {
  const m = record(value, 11)
  if (m === undefined || m.format !== RESULT_FORMAT) return false
  const exam = record(m.exam, 3)
  const station = record(m.station, 1)
  const candidate = record(m.candidate, 2)
  const log = record(m.event_log, 2)
  return (
    exam !== undefined &&
    isText(exam.id) &&
    isText(exam.title) &&
    typeof exam.package_hash === 'string' &&
    HEX64.test(exam.package_hash) &&
    station !== undefined &&
    typeof station.id === 'string' &&
    STATION_ID.test(station.id) &&
    candidate !== undefined &&
    isText(candidate.id) &&
    typeof candidate.name === 'string' &&
    isSession(m.session) &&
    isTiming(m.timing) &&
    everyOf(m.responses, isSavedResponse) &&
    everyOf(m.flags, isText) &&
    isGradingResult(m.scores) &&
    log !== undefined &&
    Number.isSafeInteger(log.count) &&
    (log.count as number) > 0 &&
    typeof log.head === 'string' &&
    HEX64.test(log.head) &&
    isTime(m.exported_at)
  )
}
