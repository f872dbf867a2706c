import { describe, expect, it } from 'vitest'
import type { SessionEvent } from '../base/eventChain'
import { seededUint32 } from '../delivery/seededShuffle'
import type { ResultManifest } from './bundleFormat'
import { checkResponses, responseProblem, responsesMatchLog } from './responseCheck'

type Response = ResultManifest['responses'][number]

const AT = '2026-11-23T09:00:00.000Z'
const saved = (seq: number, data: SessionEvent['data']): SessionEvent => ({ seq, type: 'answer_saved', at: AT, data })
const response = (item: string, revision: number): Response => ({ item, revision, saved_at: AT, value: 'A' })

/** A log and a response list drawn at random, near the usual case so that both verdicts come up often. */
function drawCase(next: () => number): { responses: Response[]; events: SessionEvent[] } {
  const pick = <T>(list: readonly T[]): T => list[next() % list.length] as T
  const items = ['single-1', 'single-2', 'multiple-1', 'scenario-1.1']
  const events: SessionEvent[] = [{ seq: 1, type: 'session_created', at: AT, data: { session: 'ses_x' } }]
  const latest = new Map<string, number>()
  for (let k = next() % 8; k > 0; k--) {
    const seq = events.length + 1
    const roll = next() % 20
    if (roll === 0)
      events.push(saved(seq, { item: pick(items) })) // no revision
    else if (roll === 1)
      events.push(saved(seq, { item: pick(items), revision: '2' })) // a revision that is text
    else if (roll === 2) events.push({ seq, type: 'flagged', at: AT, data: { item: pick(items) } })
    else {
      const item = pick(items)
      // Usually the next revision; sometimes an older one, saved out of order.
      const revision = next() % 6 === 0 ? 1 + (next() % 3) : (latest.get(item) ?? 0) + 1
      latest.set(item, Math.max(revision, latest.get(item) ?? 0))
      events.push(saved(seq, { item, revision }))
    }
  }
  const responses = [...latest].map(([item, revision]) => response(item, revision))
  const roll = next() % 6
  if (roll === 0 && responses.length > 0) responses.push(pick(responses)) // an item listed twice
  if (roll === 1 && responses.length > 0) responses.splice(next() % responses.length, 1) // a saved item left out
  if (roll === 2) responses.push(response(pick(items), 1 + (next() % 4))) // one the log may not have saved
  if (roll === 3 && responses.length > 0) {
    const at = next() % responses.length
    const changed = responses[at] as Response
    responses[at] = response(changed.item, changed.revision - 1) // not the last revision
  }
  return { responses, events }
}

describe('the response check', () => {
  it('passes a bundle whose responses are the last revision saved of each item, and words each problem', () => {
    const events = [saved(1, { item: 'q1', revision: 1 }), saved(2, { item: 'q1', revision: 2 })]
    expect(checkResponses({ responses: [response('q1', 2)] }, events)).toBeUndefined()
    expect(checkResponses({ responses: [response('q1', 1)] }, events)).toEqual({
      code: 'INCONSISTENT',
      reason: 'q1 revision 1 is not the last one saved',
    })
    expect(checkResponses({ responses: [response('q1', 2), response('q1', 2)] }, events)?.reason).toBe(
      'the manifest lists q1 twice',
    )
    expect(checkResponses({ responses: [] }, events)?.reason).toBe(
      'q1 was saved but the manifest has no response for it',
    )
    expect(checkResponses({ responses: [response('q1', 2), response('q2', 1)] }, events)?.reason).toBe(
      'no answer_saved event for q2 revision 1',
    )
    expect(checkResponses({ responses: [] }, [saved(1, { item: 'q1' })])).toEqual({
      code: 'BAD_EVENT_LOG',
      reason: 'answer_saved event 1 does not name an item and a revision',
    })
  })

  it('takes the fast path exactly when the worded check finds nothing, on 3000 drawn logs', () => {
    const next = seededUint32('response-check', 'cases')
    const verdicts = { pass: 0, fail: 0 }
    for (let k = 0; k < 3000; k++) {
      const { responses, events } = drawCase(next)
      const worded = responseProblem({ responses }, events)
      expect(responsesMatchLog({ responses }, events), JSON.stringify({ responses, events })).toBe(worded === undefined)
      verdicts[worded === undefined ? 'pass' : 'fail']++
    }
    // Both verdicts come up often, so neither side of the comparison goes untried.
    expect(verdicts.pass).toBeGreaterThan(500)
    expect(verdicts.fail).toBeGreaterThan(500)
  })
})
