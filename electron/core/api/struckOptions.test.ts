import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyBundle } from '../bundle/bundleVerifier'
import { installInput } from '../runtime/testing/runtimeFixture'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

/** session.setStruckOptions: checked against the delivered form, restored with the session, never graded. */
let station: StaffStation

beforeEach(async () => {
  station = await openStaffStation()
  station.runtime.installExam(installInput())
  await station.ok('session.checkIn', { candidateId: 'C-001', name: '陳大文' })
})
afterEach(() => station.close())

const ok: StaffStation['ok'] = (method, input) => station.ok(method, input)
const failed: StaffStation['failed'] = (method, input) => station.failed(method, input)

describe('struck-out options over the API', () => {
  it('keeps what the candidate struck out on items and scenario parts, and gives it back with the session', async () => {
    expect(await failed('session.setStruckOptions', { unitId: 'q1', letters: ['A'] })).toMatchObject({
      code: 'NOT_RUNNING',
    })
    await ok('session.acknowledgeRules', {})
    expect(await ok('session.setStruckOptions', { unitId: 'q2', letters: ['C', 'B'] })).toEqual({
      unitId: 'q2',
      letters: ['B', 'C'],
    })
    await ok('session.setStruckOptions', { unitId: 'case.1', letters: ['B'] })
    await ok('session.setStruckOptions', { unitId: 'q1', letters: ['A'] })
    expect(await ok('session.setStruckOptions', { unitId: 'q1', letters: [] })).toEqual({ unitId: 'q1', letters: [] })
    expect((await ok('session.current', {}))?.struckOptions).toEqual([
      { unitId: 'case.1', letters: ['B'] },
      { unitId: 'q2', letters: ['B', 'C'] },
    ])
  })

  it.each([
    [{ unitId: 'q1', letters: ['A', 'D'] }, /^letters\.1: D is not an option of q1 \(options: A, B, C\)$/],
    [{ unitId: 'case.1', letters: ['C'] }, /^letters\.0: C is not an option of case\.1 \(options: A, B\)$/],
    [{ unitId: 'q3', letters: ['A'] }, /^letters\.0: A is not an option of q3 \(options: none\)$/],
    [{ unitId: 'q3', letters: [] }, /q3 is not a choice question/],
    [{ unitId: 'case', letters: [] }, /case is not a choice question/],
    [{ unitId: 'q99', letters: [] }, /^unitId: q99 is not a question of this exam$/],
    [{ unitId: '../q1', letters: [] }, /^unitId: /],
    [{ unitId: 'q1', letters: ['b'] }, /^letters\.0: /],
    [{ unitId: 'q1', letters: ['A', 'A'] }, /^letters: each option may be listed once/],
    [{ unitId: 'q1', letters: 'A' }, /^letters: /],
    [{ unitId: 'q1', letters: [], response: 'A' }, /response/],
  ])('refuses %j with VALIDATION_FAILED, saying where', async (input, message) => {
    await ok('session.acknowledgeRules', {})
    const error = await failed('session.setStruckOptions', input)
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) as string })
    expect((await ok('session.current', {}))?.struckOptions).toEqual([])
  })

  it('does not touch grading or the exported answers: a struck-out key that was chosen still scores', async () => {
    const { sessionId } = await ok('session.acknowledgeRules', {})
    await ok('session.saveAnswer', { unitId: 'q1', response: 'B' })
    await ok('session.setStruckOptions', { unitId: 'q1', letters: ['A', 'B'] })
    await ok('session.setStruckOptions', { unitId: 'q2', letters: ['A', 'C'] })
    await ok('session.submit', {})

    expect(station.runtime.gradeSession(sessionId)).toMatchObject({ total: 2 })
    const exported = await station.runtime.exportBundle(sessionId, join(station.home.dir, 'results'))
    const verified = await verifyBundle(readFileSync(exported.file), {
      trustedStationKeys: [station.runtime.station.publicKeyJwk],
    })
    expect(verified).toMatchObject({ ok: true })
    expect(exported.manifest.responses.map((r) => [r.item, r.value])).toEqual([['q1', 'B']])
  })
})
