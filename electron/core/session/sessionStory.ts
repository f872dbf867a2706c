import type { EventType, SessionEvent } from '../base/eventChain'
import type { JsonValue } from '../base/jsonValue'
import type { SubmitReason } from './sessionTypes'

/**
 * A session's story as staff read it, from its event log alone: check-in, rules, pauses, extensions and their
 * reasons, who ended it and why, incidents, environment checks, grading and exports. Answers stay out (their events
 * carry only encrypted values anyway). Pure, so the admin console and the results export tell the same story.
 */

/** The events a story shows; answer saves, flags and struck options are the candidate's work, not its story. */
export const STORY_EVENT_TYPES = [
  'session_created',
  'checked_in',
  'started',
  'paused',
  'resumed',
  'extended',
  'time_warning',
  'clock_jump',
  'focus_lost',
  'escape_attempt',
  'display_changed',
  'environment_check',
  'proctor_auth',
  'room_command',
  'session_moved',
  'interrupted',
  'recovered',
  'submitted',
  'graded',
  'exported',
] as const satisfies readonly EventType[]
export type StoryEventType = (typeof STORY_EVENT_TYPES)[number]

export const INCIDENT_EVENT_TYPES: readonly StoryEventType[] = [
  'focus_lost',
  'escape_attempt',
  'display_changed',
  'clock_jump',
]

/** The event fields a story shows, when present; everything else in an event's data is internal. */
const DETAIL_KEYS = [
  'minutes',
  'reason',
  'note',
  'event',
  'summary',
  'keys',
  'category',
  'displayCount',
  'via',
  'failed',
  'blocking',
  'thresholdMs',
  'action',
  'outcome',
  'bundleSha256',
] as const
export type StoryDetailKey = (typeof DETAIL_KEYS)[number]

export interface StoryEntry {
  seq: number
  at: string
  type: StoryEventType
  details: Partial<Record<StoryDetailKey, string | number | boolean>>
}

export interface StoryExtension {
  minutes: number
  reason: string
  at: string
}

export interface SessionStory {
  entries: StoryEntry[]
  /** Who ended the session (the first `submitted` event), and the proctor's note when a proctor did. */
  end: { by: SubmitReason | null; note: string | null; at: string } | null
  extensions: StoryExtension[]
  pauses: number
  incidents: number
}

const STORY_TYPES: ReadonlySet<string> = new Set(STORY_EVENT_TYPES)
const SUBMIT_REASONS: readonly SubmitReason[] = ['candidate', 'proctor', 'time_up']

function detailOf(value: JsonValue | undefined): string | number | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (Array.isArray(value) && value.every((each) => typeof each === 'string')) return value.join(', ')
  return undefined
}

function detailsOf(event: SessionEvent): StoryEntry['details'] {
  const details: StoryEntry['details'] = {}
  for (const key of DETAIL_KEYS) {
    const value = detailOf(event.data[key])
    if (value !== undefined) details[key] = value
  }
  return details
}

/** A successful proctor sign-in is the action it precedes; only the failed ones are part of the story. */
const shown = (event: SessionEvent): boolean =>
  STORY_TYPES.has(event.type) && !(event.type === 'proctor_auth' && event.data.outcome === 'ok')

export function sessionStoryOf(events: readonly SessionEvent[]): SessionStory {
  const entries = events.filter(shown).map((event): StoryEntry => ({
    seq: event.seq,
    at: event.at,
    type: event.type as StoryEventType,
    details: detailsOf(event),
  }))
  const submitted = events.find((event) => event.type === 'submitted')
  const by = SUBMIT_REASONS.find((reason) => reason === submitted?.data.reason) ?? null
  const note = submitted?.data.note
  return {
    entries,
    end: submitted ? { by, note: typeof note === 'string' ? note : null, at: submitted.at } : null,
    extensions: events
      .filter((event) => event.type === 'extended')
      .map((event) => ({ minutes: Number(event.data.minutes), reason: String(event.data.reason ?? ''), at: event.at })),
    pauses: events.filter((event) => event.type === 'paused').length,
    incidents: entries.filter((entry) => INCIDENT_EVENT_TYPES.includes(entry.type)).length,
  }
}
