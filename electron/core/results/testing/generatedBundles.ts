import { bankSchema } from '../../bank/schema'
import type { Bank } from '../../bank/schema'
import { writeResultBundle } from '../../bundle/bundleWriter'
import type { ResultBundleInput } from '../../bundle/bundleWriter'
import type { StationSigner } from '../../crypto/stationSigner'
import { seededUint32, uniformBelow } from '../../delivery/seededShuffle'
import { gradeResponses } from '../../grading/grade'
import type { ResponseValue } from '../../grading/gradingTypes'
import { eventLine } from '../../base/eventChain'
import type { SessionEvent } from '../../base/eventChain'

/**
 * Test and benchmark support: many valid, signed result bundles of one exam, as an exam day on several stations
 * makes them. Deterministic for a seed. Every third candidate writes the short answers, so their result waits for a
 * grader (pending); the others are graded pass or fail outright.
 */
export const GENERATED_BANK: Bank = bankSchema.parse({
  format: 'invigil-bank/1',
  id: 'cert-2026',
  title: '認證試題',
  language: 'zh-Hant',
  duration_minutes: 60,
  pass_mark: 18,
  sections: [
    {
      id: 'choice',
      title: '選擇題',
      items: [
        ...Array.from({ length: 10 }, (_, i) => ({
          id: `q${String(i + 1)}`,
          type: 'single',
          stem: '?',
          points: 2,
          options: { A: 'a', B: 'b', C: 'c', D: 'd' },
          key: 'ABCD'[i % 4],
        })),
        { id: 'q11', type: 'multiple', stem: '?', points: 3, options: { A: 'a', B: 'b', C: 'c' }, key: ['A', 'C'] },
        { id: 'q12', type: 'true_false', stem: '?', points: 1, key: true },
      ],
    },
    {
      id: 'written',
      title: '問答題',
      items: [
        { id: 'w1', type: 'short_answer', stem: '?', points: 5 },
        { id: 'w2', type: 'short_answer', stem: '?', points: 5 },
      ],
    },
  ],
})

const SURNAMES = ['王', '李', '張', '劉', '陳', '楊', '黃', '趙']
const GIVEN = ['小明', '美玲', '志豪', '淑芬', '家豪', '怡君']
const DAY = Date.UTC(2026, 10, 23, 9, 0)

const iso = (ms: number): string => new Date(ms).toISOString()

function randomResponse(itemId: string, next: () => number): ResponseValue {
  if (itemId === 'q11') return [['A'], ['A', 'C'], ['B', 'C']][uniformBelow(next, 3)] ?? ['A']
  if (itemId === 'q12') return uniformBelow(next, 4) !== 0
  if (itemId.startsWith('w')) return '先傾聽，再回應。'
  // Right about two times in three.
  return uniformBelow(next, 3) === 0
    ? ('ABCD'[uniformBelow(next, 4)] ?? 'A')
    : ('ABCD'[(Number(itemId.slice(1)) - 1) % 4] ?? 'A')
}

export interface GeneratedSession {
  input: ResultBundleInput
  eventLines: string[]
}

/** Candidate `index` of the day (0-based): responses, the event log that saved them, and the grade. */
export function generatedSession(index: number, seed: string): GeneratedSession {
  const next = seededUint32(seed, `candidate-${String(index)}`)
  const sessionId = `sess-${String(index).padStart(5, '0')}`
  const start = DAY + (index % 40) * 60_000
  const itemIds = GENERATED_BANK.sections.flatMap((section) => section.items.map((item) => item.id))
  const answered = itemIds.filter((id) => (id.startsWith('w') ? index % 3 === 0 : uniformBelow(next, 10) !== 0))
  const events: SessionEvent[] = [
    { seq: 1, type: 'session_created', at: iso(start), data: { session: sessionId } },
    { seq: 2, type: 'started', at: iso(start + 60_000), data: {} },
  ]
  let clock = start + 60_000
  const responses = answered.map((item) => {
    const value = randomResponse(item, next)
    const revisions = 1 + uniformBelow(next, 2)
    for (let revision = 1; revision <= revisions; revision++) {
      clock += 30_000
      events.push({ seq: events.length + 1, type: 'answer_saved', at: iso(clock), data: { item, revision } })
    }
    return { item, value, revision: revisions, saved_at: iso(clock) }
  })
  const submittedAt = iso(clock + 60_000)
  events.push({ seq: events.length + 1, type: 'submitted', at: submittedAt, data: { reason: 'candidate' } })
  const input: ResultBundleInput = {
    exam: { id: GENERATED_BANK.id, title: GENERATED_BANK.title, package_hash: 'ab'.repeat(32) },
    candidate: {
      id: `C-${String(index + 1).padStart(5, '0')}`,
      name: `${SURNAMES[index % SURNAMES.length] ?? ''}${GIVEN[index % GIVEN.length] ?? ''}`,
    },
    session: {
      id: sessionId,
      created_at: iso(start),
      started_at: iso(start + 60_000),
      submitted_at: submittedAt,
      submit_reason: 'candidate',
    },
    timing: { allowed_ms: 3_600_000, elapsed_ms: clock + 60_000 - start - 60_000, extensions: [], accommodations: {} },
    responses,
    flags: [],
    scores: gradeResponses(
      GENERATED_BANK,
      Object.fromEntries(responses.map((response) => [response.item, response.value])),
    ),
    exported_at: iso(clock + 120_000),
  }
  return { input, eventLines: events.map(eventLine) }
}

/** Candidate `index`'s signed bundle; candidates are spread over the stations round-robin. */
export function generatedBundle<S extends StationSigner>(
  index: number,
  stations: readonly S[],
  seed: string,
): { station: S; text: string } {
  const station = stations[index % stations.length]
  if (!station) throw new Error('generatedBundle needs at least one station')
  const { input, eventLines } = generatedSession(index, seed)
  return { station, text: writeResultBundle(input, eventLines, station) }
}

/**
 * Candidate `index`'s session after a grader marked w1 on the station: the same log plus a `graded` event, the
 * scores graded again, exported later. What a station exports the second time.
 */
export function regradedSession(index: number, seed: string, score: number): GeneratedSession {
  const { input, eventLines } = generatedSession(index, seed)
  const at = new Date(Date.parse(input.exported_at) + 600_000).toISOString()
  const graded: SessionEvent = {
    seq: eventLines.length + 1,
    type: 'graded',
    at,
    data: { item: 'w1', revision: 1 },
  }
  const responses = Object.fromEntries(input.responses.map((response) => [response.item, response.value]))
  const scores = gradeResponses(GENERATED_BANK, responses, { w1: { score, grader: 'station administrator', at } })
  return {
    input: { ...input, scores, exported_at: new Date(Date.parse(at) + 60_000).toISOString() },
    eventLines: [...eventLines, eventLine(graded)],
  }
}
