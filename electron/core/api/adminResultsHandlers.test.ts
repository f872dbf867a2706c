import Database from 'better-sqlite3'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyBundle } from '../bundle/bundleVerifier'
import { STATION_DB_FILE } from '../runtime/stationRuntime'
import { SECRET_REFERENCE } from '../runtime/testing/runtimeFixture'
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

/** A candidate sits the exam: answers the objective questions and both short answers, then submits. */
async function sitting(candidateId: string, shortAnswer = '先傾聽客戶。'): Promise<string> {
  const status = await station.ok('proctor.startSession', {
    token: proctor,
    candidateId,
    name: `Candidate ${candidateId}`,
  })
  await station.ok('session.acknowledgeRules', {})
  await station.ok('session.saveAnswer', { unitId: 'q1', response: 'B' })
  await station.ok('session.saveAnswer', { unitId: 'q4', response: shortAnswer })
  await station.ok('session.saveAnswer', { unitId: 'case.2', response: '因為要理解問題。' })
  await station.ok('session.submit', {})
  return status.session?.sessionId ?? ''
}

describe('sessions and manual grading', () => {
  it('lists sessions with their candidate, state and score, newest first', async () => {
    const first = await sitting('C-001')
    station.home.clock.advance(1000)
    const second = (await station.ok('proctor.startSession', { token: proctor, candidateId: 'C-002', name: 'B' }))
      .session?.sessionId
    const rows = await station.ok('admin.sessions', { token: admin })
    expect(rows.map((row) => [row.sessionId, row.state, row.candidate?.candidateId])).toEqual([
      [second, 'checked_in', 'C-002'],
      [first, 'submitted', 'C-001'],
    ])
    expect(rows[1]?.score).toEqual({ total: 2, max: 15, pending: 2, passed: null })
  })

  it('queues answered short answers and shows one with its reference answer beside the response', async () => {
    const sessionId = await sitting('C-001', 'MY ANSWER')
    const queue = await station.ok('admin.gradingQueue', { token: admin })
    expect(queue.map((entry) => [entry.unitId, entry.status, entry.maxPoints])).toEqual([
      ['q4', 'pending', 4],
      ['case.2', 'pending', 3],
    ])
    const item = await station.ok('admin.gradingItem', { token: admin, sessionId, unitId: 'q4' })
    expect(item).toMatchObject({
      stem: '請說明。',
      response: 'MY ANSWER',
      referenceAnswer: SECRET_REFERENCE,
      maxPoints: 4,
      current: null,
      context: null,
    })
    const part = await station.ok('admin.gradingItem', { token: admin, sessionId, unitId: 'case.2' })
    expect(part).toMatchObject({ context: '情景', stem: '為什麼?', referenceAnswer: null })
    expect(await station.failed('admin.gradingItem', { token: admin, sessionId, unitId: 'q1' })).toMatchObject({
      code: 'NOT_GRADABLE',
    })
  })

  it('records a score in range in the session manual scores, and the queue and total follow', async () => {
    const sessionId = await sitting('C-001')
    expect(
      await station.failed('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: 4.5 }),
    ).toMatchObject({ code: 'SCORE_OUT_OF_RANGE' })
    expect(
      await station.failed('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: -1 }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(
      await station.failed('admin.recordScore', { token: admin, sessionId, unitId: 'q1', score: 1 }),
    ).toMatchObject({ code: 'NOT_GRADABLE' })
    const recorded = await station.ok('admin.recordScore', {
      token: admin,
      sessionId,
      unitId: 'q4',
      score: 3.5,
      comment: 'good',
    })
    expect(recorded).toEqual({
      sessionId,
      unitId: 'q4',
      score: 3.5,
      revision: 1,
      summary: { total: 5.5, max: 15, pending: 1, passed: null },
    })
    const part = await station.ok('admin.recordScore', { token: admin, sessionId, unitId: 'case.2', score: 3 })
    expect(part.summary).toEqual({ total: 8.5, max: 15, pending: 0, passed: true })
    expect(station.runtime.sessions.manualScores(sessionId)).toMatchObject([
      { itemId: 'case', partId: 'case.2', score: 3 },
      { itemId: 'q4', score: 3.5, comment: 'good', grader: 'station administrator' },
    ])
    expect((await station.ok('admin.gradingItem', { token: admin, sessionId, unitId: 'q4' })).current).toMatchObject({
      score: 3.5,
      comment: 'good',
    })
    expect((await station.ok('admin.gradingQueue', { token: admin })).map((entry) => entry.status)).toEqual([
      'scored',
      'scored',
    ])
  })

  it("keeps the queue in the exam's order, oldest session first, whatever is graded, with each part's number", async () => {
    const first = await sitting('C-001')
    station.home.clock.advance(1000)
    const second = await sitting('C-002')
    const order = async () =>
      (await station.ok('admin.gradingQueue', { token: admin })).map((entry) => [
        entry.sessionId,
        entry.itemNumber,
        entry.partNumber,
        entry.status,
      ])
    expect(await order()).toEqual([
      [first, 1, null, 'pending'],
      [first, 2, 2, 'pending'],
      [second, 1, null, 'pending'],
      [second, 2, 2, 'pending'],
    ])
    await station.ok('admin.recordScore', { token: admin, sessionId: first, unitId: 'q4', score: 2 })
    expect((await order()).map((row) => row[3])).toEqual(['scored', 'pending', 'pending', 'pending'])
    expect(await station.ok('admin.gradingItem', { token: admin, sessionId: second, unitId: 'case.2' })).toMatchObject({
      itemNumber: 2,
      partNumber: 2,
    })
  })

  it('refuses to grade a session still under way', async () => {
    const started = await station.ok('proctor.startSession', { token: proctor, candidateId: 'C-1', name: 'A' })
    const sessionId = started.session?.sessionId ?? ''
    expect(
      await station.failed('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: 1 }),
    ).toMatchObject({ code: 'NOT_RUNNING' })
  })
})

describe('export and purge', () => {
  it('refuses a folder that is relative, missing, a file or read-only', async () => {
    const file = join(outDir, 'file.txt')
    writeFileSync(file, 'x')
    const readOnly = join(outDir, 'ro')
    const cases = [
      ['relative/usb', 'not_absolute'],
      [join(outDir, 'missing'), 'missing'],
      [file, 'not_directory'],
    ]
    for (const [path, problem] of cases) {
      expect(await station.failed('admin.exportBundles', { token: admin, outDir: path }), path).toMatchObject({
        code: 'EXPORT_DIR_INVALID',
        details: { problem },
      })
    }
    if (process.getuid?.() !== 0) {
      mkdirSync(readOnly)
      chmodSync(readOnly, 0o500)
      expect(await station.failed('admin.exportBundles', { token: admin, outDir: readOnly })).toMatchObject({
        details: { problem: 'not_writable' },
      })
    }
  })

  it('offers the mounted stick, and exports to it once chosen from the list', async () => {
    const sessionId = await sitting('C-001')
    const targets = await station.ok('admin.exportTargets', { token: admin })
    expect(targets).toEqual([{ path: outDir, label: 'USB-STICK', writable: true, freeBytes: expect.any(Number) }])
    const job = await finished(await station.ok('admin.exportBundles', { token: admin, outDir: targets[0]?.path }))
    expect(job.files.map((entry) => [entry.sessionId, dirname(entry.file)])).toEqual([[sessionId, outDir]])
    expect(await station.failed('admin.exportTargets', { token: admin, root: '/' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })

  it('exports the submitted sessions as verified bundles with a summary; a re-export after grading carries the score', async () => {
    const sessionId = await sitting('C-001')
    const job = await finished(await station.ok('admin.exportBundles', { token: admin, outDir }))
    expect(job).toMatchObject({ state: 'finished', total: 1, done: 1, failures: [], outDir })
    const [file] = job.files
    expect(file).toMatchObject({ sessionId, candidateId: 'C-001', pendingManual: 2 })
    expect((await station.ok('admin.sessions', { token: admin }))[0]).toMatchObject({
      state: 'exported',
      changedSinceExport: false,
    })

    await station.ok('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: 4 })
    expect((await station.ok('admin.sessions', { token: admin }))[0]?.changedSinceExport).toBe(true)
    // Purging now would lose the new mark: the session is kept until it is exported again.
    expect(await station.ok('admin.purgeExported', { token: admin, confirm: true })).toEqual({ purged: 0, skipped: 1 })
    const again = await finished(await station.ok('admin.exportBundles', { token: admin, outDir }))
    expect(again.files.map((entry) => entry.sessionId)).toEqual([sessionId])
    const verified = await verifyBundle(readFileSync(again.files[0]?.file ?? ''), {
      trustedStationKeys: [station.runtime.station.publicKeyJwk],
    })
    if (!verified.ok) throw new Error(verified.reason)
    expect(verified.manifest.scores.units.find((unit) => unit.id === 'q4')).toMatchObject({
      points: 4,
      method: 'manual',
      status: 'scored',
    })
    expect(again.files[0]?.sha256).not.toBe(file?.sha256)
  })

  it('reports per-session failures in the summary and goes on with the others', async () => {
    const done = await sitting('C-001')
    const running =
      (await station.ok('proctor.startSession', { token: proctor, candidateId: 'C-2', name: 'B' })).session
        ?.sessionId ?? ''
    const job = await finished(
      await station.ok('admin.exportBundles', { token: admin, outDir, sessionIds: [running, done] }),
    )
    expect(job.failures).toEqual([{ sessionId: running, code: 'NOT_RUNNING', message: expect.any(String) }])
    expect(job.files.map((entry) => entry.sessionId)).toEqual([done])
  })

  it('purges exported sessions only, after confirmation, and frees the desk', async () => {
    const exported = await sitting('C-001')
    await finished(await station.ok('admin.exportBundles', { token: admin, outDir }))
    expect(await station.failed('admin.purgeExported', { token: admin, confirm: false })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect((await station.ok('station.status', {})).activeSessionId).toBe(exported)
    expect(await station.ok('admin.purgeExported', { token: admin, confirm: true })).toEqual({ purged: 1, skipped: 0 })
    expect(await station.ok('admin.sessions', { token: admin })).toEqual([])
    expect((await station.ok('station.status', {})).activeSessionId).toBeNull()
    expect(await station.ok('session.current', {})).toBeNull()
  })

  it('keeps an exported session whose state column was edited without its key', async () => {
    const sessionId = await sitting('C-001')
    // Someone with only the database file marks a submitted session as exported, hoping it gets purged.
    const db = new Database(join(station.runtime.dataDir, STATION_DB_FILE))
    db.prepare("UPDATE sessions SET state = 'exported' WHERE id = ?").run(sessionId)
    db.close()
    expect(await station.ok('admin.purgeExported', { token: admin, confirm: true })).toEqual({ purged: 0, skipped: 1 })
  })
})
