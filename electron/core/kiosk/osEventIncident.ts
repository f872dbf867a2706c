import { z } from 'zod'
import type { JsonValue } from '../base/jsonValue'
import type { IncidentType } from '../session/sessionTypes'
import { KEY_CATEGORIES } from './kioskInputFilter'

/**
 * What the kiosk shell notices (window, OS power and display events, blocked keys and navigations, refused exits)
 * and how each is written into the session log, where the proctor reads it. Every incident carries a sentence
 * saying what happened, because a proctor has to judge it later without the machine in front of them.
 */
const PLAIN_EVENT_KINDS = [
  'blur',
  'focus',
  'minimize',
  'leave-full-screen',
  'suspend',
  'resume',
  'lock-screen',
  'unlock-screen',
] as const
type PlainEventKind = (typeof PLAIN_EVENT_KINDS)[number]

const pixels = z.number().int().positive()
const sentence = z.string().min(1).max(500)

/** The events' shape, as a schema too: the browser host's test route takes an event from outside the process. */
export const osEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(PLAIN_EVENT_KINDS) }),
  z.strictObject({
    kind: z.enum(['display-added', 'display-removed']),
    display: z.strictObject({ id: z.number().int(), width: pixels, height: pixels }),
    displayCount: z.number().int().nonnegative(),
  }),
  z.strictObject({
    kind: z.literal('key-blocked'),
    keys: z.string().min(1).max(100),
    category: z.enum(KEY_CATEGORIES),
    reason: sentence,
  }),
  z.strictObject({ kind: z.enum(['navigation-denied', 'window-open-denied']), url: z.string().max(8192) }),
  z.strictObject({ kind: z.literal('exit-refused'), via: z.enum(['close', 'quit']), reason: sentence }),
])

export type OsEvent = z.infer<typeof osEventSchema>
export type OsEventKind = OsEvent['kind']

/**
 * A kiosk incident as facts (what happened, which keys, how many displays), for a screen to say in its reader's
 * language; the English summary stays in the log for tools that read it as text.
 */
export interface KioskIncidentFacts {
  event: OsEventKind
  keys?: string
  category?: string
  displayCount?: number
  via?: 'close' | 'quit'
}

export const OS_EVENT_KINDS = [
  ...PLAIN_EVENT_KINDS,
  'display-added',
  'display-removed',
  'key-blocked',
  'navigation-denied',
  'window-open-denied',
  'exit-refused',
] as const satisfies readonly OsEventKind[]
const KNOWN_KINDS: ReadonlySet<string> = new Set(OS_EVENT_KINDS)

/** The facts of an incident's data as osEventToIncident wrote it; undefined for anything else. */
export function kioskFactsOf(data: Readonly<Record<string, unknown>>): KioskIncidentFacts | undefined {
  const { event, keys, category, displayCount, via } = data
  if (typeof event !== 'string' || !KNOWN_KINDS.has(event)) return undefined
  return {
    event: event as OsEventKind,
    ...(typeof keys === 'string' ? { keys } : {}),
    ...(typeof category === 'string' ? { category } : {}),
    ...(typeof displayCount === 'number' ? { displayCount } : {}),
    ...(via === 'close' || via === 'quit' ? { via } : {}),
  }
}

export interface KioskIncident {
  type: IncidentType
  data: Record<string, JsonValue>
}

/** Long enough to recognise a URL, short enough that a data: URL cannot fill the 4 KB incident limit. */
const MAX_URL_CHARS = 200

const PLAIN: Record<PlainEventKind, [IncidentType, string]> = {
  blur: ['focus_lost', 'The exam window lost focus: another window or the OS took the foreground.'],
  focus: ['focus_lost', 'The exam window has the focus again.'],
  minimize: ['focus_lost', 'The exam window was minimised.'],
  'leave-full-screen': ['escape_attempt', 'The exam window left fullscreen; the app restored kiosk mode.'],
  suspend: ['focus_lost', 'The computer went to sleep during the session.'],
  resume: ['focus_lost', 'The computer woke from sleep.'],
  'lock-screen': ['focus_lost', 'The OS screen was locked (the exam was hidden).'],
  'unlock-screen': ['focus_lost', 'The OS screen was unlocked.'],
}

const clip = (url: string): string => (url.length > MAX_URL_CHARS ? `${url.slice(0, MAX_URL_CHARS)}…` : url)

export function osEventToIncident(event: OsEvent): KioskIncident {
  switch (event.kind) {
    case 'display-added':
    case 'display-removed': {
      const { id, width, height } = event.display
      const verb = event.kind === 'display-added' ? 'connected' : 'disconnected'
      return {
        type: 'display_changed',
        data: {
          event: event.kind,
          summary: `A display (${String(width)}×${String(height)}) was ${verb}; ${String(event.displayCount)} display(s) now attached.`,
          displayId: id,
          displayCount: event.displayCount,
        },
      }
    }
    case 'key-blocked':
      return {
        type: 'escape_attempt',
        data: {
          event: event.kind,
          summary: `${event.keys} was blocked: ${event.reason}.`,
          keys: event.keys,
          category: event.category,
        },
      }
    case 'navigation-denied':
    case 'window-open-denied': {
      const what = event.kind === 'navigation-denied' ? 'navigate the exam window' : 'open a new window'
      return {
        type: 'escape_attempt',
        data: { event: event.kind, summary: `The page tried to ${what}; refused.`, url: clip(event.url) },
      }
    }
    case 'exit-refused':
      return {
        type: 'escape_attempt',
        data: { event: event.kind, summary: `A ${event.via} of the app was refused: ${event.reason}.`, via: event.via },
      }
    default: {
      const [type, summary] = PLAIN[event.kind]
      return { type, data: { event: event.kind, summary } }
    }
  }
}
