import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyBundle } from '../bundle/bundleVerifier'
import type { AnalyzedResult } from '../results/analysis/analyzedResult'
import { analyzeExam } from '../results/analysis/examAnalysis'
import { installInput } from '../runtime/testing/runtimeFixture'
import { openGradingStation } from './testing/gradingStation'
import type { GradingStation } from './testing/gradingStation'
import type { StaffStation } from './testing/staffFixture'

let fixture: GradingStation
let station: StaffStation
let admin: string
let proctor: string
let outDir: string
let finished: GradingStation['finished']

beforeEach(async () => {
  fixture = await openGradingStation()
  ;({ station, admin, proctor, outDir, finished } = fixture)
})
afterEach(() => fixture.close())

/** A candidate sits the exam with the given single-choice answer, flags q1, submits; both short answers are graded. */
async function gradedSitting(candidateId: string, choice: string, shortPoints: number): Promise<string> {
  const status = await station.ok('proctor.startSession', {
    token: proctor,
    candidateId,
    name: `Candidate ${candidateId}`,
  })
  await station.ok('session.acknowledgeRules', {})
  await station.ok('session.saveAnswer', { unitId: 'q1', response: choice })
  await station.ok('session.setFlag', { unitId: 'q1', flagged: true })
  await station.ok('session.saveAnswer', { unitId: 'q4', response: 'answer' })
  await station.ok('session.saveAnswer', { unitId: 'case.2', response: 'because' })
  station.home.clock.advance(60_000)
  await station.ok('session.submit', {})
  const sessionId = status.session?.sessionId ?? ''
  await station.ok('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: shortPoints })
  await station.ok('admin.recordScore', { token: admin, sessionId, unitId: 'case.2', score: 1 })
  return sessionId
}

describe('admin.report', () => {
  it('requires the admin token', async () => {
    expect(await station.failed('admin.report', { token: proctor })).toMatchObject({ code: 'AUTH_REQUIRED' })
    expect(await station.failed('admin.report', { token: 'a'.repeat(43) })).toMatchObject({
      code: expect.stringMatching(/AUTH_REQUIRED|VALIDATION_FAILED/) as string,
    })
  })

  it('is empty before any session is submitted', async () => {
    expect(await station.ok('admin.report', { token: admin })).toEqual([])
  })

  it("equals the results analysis of the same sessions' exported bundles", async () => {
    await gradedSitting('C-001', 'B', 4)
    station.home.clock.advance(1000)
    await gradedSitting('C-002', 'A', 1)
    const report = await station.ok('admin.report', { token: admin })

    const job = await finished(await station.ok('admin.exportBundles', { token: admin, outDir }))
    const results: AnalyzedResult[] = []
    for (const { file } of job.files) {
      const verified = await verifyBundle(readFileSync(file), {
        trustedStationKeys: [station.runtime.station.publicKeyJwk],
      })
      if (!verified.ok) throw new Error(verified.reason)
      results.push(verified.manifest)
    }
    const examId = installInput().bank.id
    const expected = analyzeExam(examId, results, station.runtime.gradingBank(job.files[0]?.sessionId ?? ''))
    expect(report).toEqual([expected])
    expect(report[0]?.candidates).toBe(2)
    const q1 = report[0]?.units.find((unit) => unit.id === 'q1')
    expect(q1?.flagged).toBe(2)
    expect(q1?.choices.filter((c) => c.key).map((c) => c.choice)).toEqual(['B'])

    // After the export the sessions are still reported, and a filter by another exam id gives nothing.
    expect(await station.ok('admin.report', { token: admin, examId })).toEqual([expected])
    expect(await station.ok('admin.report', { token: admin, examId: 'other-exam' })).toEqual([])
  })
})
