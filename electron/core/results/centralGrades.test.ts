import { generateKeyPairSync } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyBundle } from '../bundle/bundleVerifier'
import { ed25519PublicJwk } from '../crypto/ed25519Keys'
import { gradedResults, GRADE_FORMAT, recordCentralGrade, signGrade } from './centralGrades'
import type { GradeStatement } from './centralGrades'
import { openResultsStore } from './openResultsStore'
import type { ResultsStore } from './resultsStore'
import { admittedResult, AT, must, rawQuery, stations } from './testing/resultsTestKit'
import { STORE_TARGETS } from './testing/storeTargets'
import type { FreshTarget } from './testing/storeTargets'

const grader = generateKeyPairSync('ed25519')
const impostor = generateKeyPairSync('ed25519')

describe.each(STORE_TARGETS)('central grading on $backend', ({ fresh }) => {
  const open: ResultsStore[] = []
  const targets: FreshTarget[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map(async (store) => store.close().catch(() => undefined)))
    await Promise.all(targets.splice(0).map(async (target) => target.cleanup()))
  })
  const setUp = async () => {
    const target = await fresh()
    targets.push(target)
    const store = await openResultsStore(target.target)
    open.push(store)
    const entry = await admittedResult(0) // w1 and w2 wait for a grader
    await store.storeResult(entry)
    await store.addTrustedGrader({
      name: 'Examiner Chan',
      publicKeyJwk: ed25519PublicJwk(grader.publicKey),
      addedAt: AT,
    })
    const statement: GradeStatement = {
      format: GRADE_FORMAT,
      station: entry.result.stationId,
      session: entry.result.sessionId,
      bundle_sha256: entry.result.bundleSha256,
      unit: 'w1',
      score: 4,
      grader: 'Examiner Chan',
      reason: 'second marking',
      at: AT,
    }
    return { store, entry, statement, target: target.target }
  }

  it('records a signed grade as an addition: the results show it, the bundle is untouched and still verifies', async () => {
    const { store, entry, statement } = await setUp()
    await recordCentralGrade(store, signGrade(statement, grader.privateKey))
    const [result] = await gradedResults(store)
    expect(result).toMatchObject({ total: entry.result.total + 4, pending: 1, refusedGrades: [] })
    expect(result?.grades.map((g) => [g.unit, g.score, g.grader])).toEqual([['w1', 4, 'Examiner Chan']])
    const bytes = must(await store.readBundle(entry.result.bundleSha256))
    expect(bytes).toEqual(Buffer.from(entry.bundle))
    expect((await verifyBundle(bytes, { trustedStationKeys: [stations[0].publicKeyJwk] })).ok).toBe(true)
  })

  it('refuses a forged, unsigned or out-of-range grade, and never applies one edited in the database', async () => {
    const { store, statement, target } = await setUp()
    await expect(recordCentralGrade(store, signGrade(statement, impostor.privateKey))).rejects.toMatchObject({
      code: 'FORGED_GRADE',
    })
    const unsigned = { ...signGrade(statement, grader.privateKey), signature: '' }
    await expect(recordCentralGrade(store, unsigned)).rejects.toMatchObject({ code: 'FORGED_GRADE' })
    await expect(
      recordCentralGrade(store, signGrade({ ...statement, score: 6 }, grader.privateKey)),
    ).rejects.toMatchObject({ code: 'NOT_GRADABLE' })
    await expect(
      recordCentralGrade(store, signGrade({ ...statement, unit: 'q1' }, grader.privateKey)),
    ).rejects.toMatchObject({ code: 'NOT_GRADABLE' })
    expect(await store.listGrades()).toEqual([])

    await recordCentralGrade(store, signGrade(statement, grader.privateKey))
    await rawQuery(target, `UPDATE central_grades SET statement = replace(statement, '"score":4', '"score":5')`)
    const [result] = await gradedResults(store)
    expect(result?.grades).toEqual([])
    expect(result?.refusedGrades).toEqual(["the grade is not signed by Examiner Chan's key"])
  })
})
