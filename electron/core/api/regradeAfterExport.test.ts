import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importBundleFiles } from '../results/importBundles'
import { openResultsStore } from '../results/openResultsStore'
import { openGradingStation } from './testing/gradingStation'
import type { GradingStation } from './testing/gradingStation'

// The scenario end to end: export, grade on the station, export again, import both into a results store.
let fixture: GradingStation

beforeEach(async () => {
  fixture = await openGradingStation()
})
afterEach(() => fixture.close())

async function submittedSession(): Promise<string> {
  const { station, proctor } = fixture
  const status = await station.ok('proctor.startSession', { token: proctor, candidateId: 'C-001', name: 'A' })
  await station.ok('session.acknowledgeRules', {})
  await station.ok('session.saveAnswer', { unitId: 'q1', response: 'B' })
  await station.ok('session.saveAnswer', { unitId: 'q4', response: '先傾聽客戶。' })
  await station.ok('session.submit', {})
  return status.session?.sessionId ?? ''
}

async function exportTo(folder: string): Promise<string> {
  const { station, admin, outDir, finished } = fixture
  const dir = join(outDir, folder)
  await mkdir(dir)
  const job = await finished(await station.ok('admin.exportBundles', { token: admin, outDir: dir }))
  return job.files[0]?.file ?? ''
}

describe('a manual grade after export', () => {
  it('reaches the results: the second bundle supersedes the first, which stays as history', async () => {
    const { station, admin } = fixture
    const sessionId = await submittedSession()
    const firstFile = await exportTo('usb1')
    await station.ok('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: 4 })
    const secondFile = await exportTo('usb2')
    expect(readFileSync(secondFile)).not.toEqual(readFileSync(firstFile))

    const store = await openResultsStore(join(fixture.outDir, 'results.sqlite'))
    try {
      await store.addTrustedStation({
        stationId: station.runtime.station.stationId,
        publicKeyJwk: station.runtime.station.publicKeyJwk,
        addedAt: new Date().toISOString(),
      })
      // Newest first: the order of the files does not matter.
      const summary = await importBundleFiles([secondFile, firstFile], {
        store,
        quarantineDir: join(fixture.outDir, 'quarantine'),
      })
      expect(summary).toMatchObject({ imported: 2, updated: 1, quarantined: 0 })
      const [result] = await store.listResults()
      expect(result?.manifest.scores.units.find((unit) => unit.id === 'q4')).toMatchObject({
        points: 4,
        status: 'scored',
      })
      const history = await store.resultHistory(result?.stationId ?? '', sessionId)
      expect(history.map((version) => version.manifest.scores.units.find((u) => u.id === 'q4')?.status)).toEqual([
        'pending_manual',
      ])
    } finally {
      await store.close()
    }
  })

  it('keeps the session on the station until the bundle with the newest log has been exported', async () => {
    const { station, admin } = fixture
    const sessionId = await submittedSession()
    await exportTo('usb1')
    const head = station.runtime.sessions.exportRecord(sessionId).head.seq
    await station.ok('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: 4 })
    expect(await station.ok('admin.purgeExported', { token: admin, confirm: true })).toEqual({ purged: 0, skipped: 1 })
    // A bundle written before the grade, whose export finishes after it, covers the old log only: still refused.
    station.runtime.sessions.markExported(sessionId, { events: head })
    expect(await station.ok('admin.purgeExported', { token: admin, confirm: true })).toEqual({ purged: 0, skipped: 1 })
    expect((await station.ok('admin.sessions', { token: admin }))[0]?.changedSinceExport).toBe(true)

    await exportTo('usb2')
    expect((await station.ok('admin.sessions', { token: admin }))[0]?.changedSinceExport).toBe(false)
    // A further copy of the same log adds no export mark, and the session is purgeable.
    const marks = () => station.runtime.sessions.exportRecord(sessionId).events.filter((l) => l.includes('"exported"'))
    const before = marks().length
    await exportTo('usb3')
    expect(marks()).toHaveLength(before)
    expect(await station.ok('admin.purgeExported', { token: admin, confirm: true })).toEqual({ purged: 1, skipped: 0 })
  })
})
