import { afterEach, describe, expect, it } from 'vitest'
import { writeResultBundle } from '../bundle/bundleWriter'
import { importBundles } from './importBundles'
import { openResultsStore } from './openResultsStore'
import type { ResultsStore } from './resultsStore'
import { generatedSession, regradedSession } from './testing/generatedBundles'
import { admittedResult, must, SEED, stations, trusted } from './testing/resultsTestKit'
import { STORE_TARGETS } from './testing/storeTargets'
import type { FreshTarget } from './testing/storeTargets'

// Candidate 0 wrote the short answers: the first export is pending a grader, the second carries the station's mark.
const first = () => admittedResult(0)
const regraded = () => {
  const { input, eventLines } = regradedSession(0, SEED, 4)
  return admittedResult(0, writeResultBundle(input, eventLines, stations[0]))
}

describe.each(STORE_TARGETS)('result versions on $backend', ({ fresh }) => {
  const open: ResultsStore[] = []
  const targets: FreshTarget[] = []
  const newStore = async (): Promise<{ store: ResultsStore; dir: string }> => {
    const target = await fresh()
    targets.push(target)
    const store = await openResultsStore(target.target)
    open.push(store)
    return { store, dir: target.dir }
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map(async (store) => store.close().catch(() => undefined)))
    await Promise.all(targets.splice(0).map(async (target) => target.cleanup()))
  })

  it('a later export with a longer log supersedes the stored result and keeps the earlier one as history', async () => {
    const { store } = await newStore()
    const [old, newer] = [await first(), await regraded()]
    expect(old.result.pending).toBe(2)
    expect(await store.storeResult(old)).toBe('stored')
    expect(await store.storeResult(newer)).toBe('superseded')
    const [current] = await store.listResults()
    expect(current?.bundleSha256).toBe(newer.result.bundleSha256)
    expect(current).toMatchObject({ pending: 1, total: old.result.total + 4 })
    const history = await store.resultHistory(old.result.stationId, old.result.sessionId)
    expect(history.map((version) => [version.bundleSha256, version.supersededBy, version.pending])).toEqual([
      [old.result.bundleSha256, newer.result.bundleSha256, 2],
    ])
    expect(await store.readBundle(old.result.bundleSha256)).toEqual(Buffer.from(old.bundle))
    // Importing either again changes nothing.
    expect(await store.storeResults([old, newer])).toEqual(['duplicate', 'duplicate'])
    expect(await store.knownBundles([old.result.bundleSha256])).toEqual(new Set([old.result.bundleSha256]))
    expect(await store.listResults()).toHaveLength(1)
  })

  it('in one batch, the longer log wins whatever the order, and the shorter is history', async () => {
    const { store } = await newStore()
    const [old, newer] = [await first(), await regraded()]
    expect(await store.storeResults([newer, old])).toEqual(['superseded', 'stored'])
    expect((await store.listResults()).map((r) => r.bundleSha256)).toEqual([newer.result.bundleSha256])
    expect(await store.resultHistory(old.result.stationId, old.result.sessionId)).toHaveLength(1)
  })

  it('a longer log that does not start with the stored one is a conflict, and nothing changes', async () => {
    const { store } = await newStore()
    const old = await first()
    await store.storeResult(old)
    const { input, eventLines } = regradedSession(0, SEED, 4)
    // The candidate's submission moved one second: the history differs before the grade.
    const forked = eventLines.map((line) =>
      line.includes('"submitted"') ? line.replace(/"at":"([^"]+)"/, '"at":"2026-11-23T23:59:59.000Z"') : line,
    )
    const other = await admittedResult(0, writeResultBundle(input, forked, stations[0]))
    expect(await store.storeResult(other)).toBe('conflict')
    expect((await store.listResults()).map((r) => r.bundleSha256)).toEqual([old.result.bundleSha256])
    expect(await store.resultHistory(old.result.stationId, old.result.sessionId)).toEqual([])
  })

  it('the same log with another manifest, re-signed by the station key, is refused, not a duplicate', async () => {
    const { store } = await newStore()
    const old = await first()
    await store.storeResult(old)
    const { input, eventLines } = generatedSession(0, SEED)
    const scores = regradedSession(0, SEED, 5).input.scores // a mark with no graded event behind it
    const renamed = await admittedResult(
      0,
      writeResultBundle({ ...input, candidate: { ...input.candidate, name: 'Someone else' } }, eventLines, stations[0]),
    )
    const rescored = await admittedResult(0, writeResultBundle({ ...input, scores }, eventLines, stations[0]))
    expect(await store.storeResults([renamed, rescored])).toEqual(['manifest_conflict', 'manifest_conflict'])
    expect((await store.listResults()).map((r) => r.total)).toEqual([old.result.total])
  })

  it('the importer counts a newer version as updated and quarantines the refused ones with their reason', async () => {
    const { store, dir } = await newStore()
    await store.addTrustedStation(trusted(stations[0]))
    const { input, eventLines } = generatedSession(0, SEED)
    const renamed = writeResultBundle(
      { ...input, candidate: { ...input.candidate, name: 'X' } },
      eventLines,
      stations[0],
    )
    const source = (file: string, bytes: Uint8Array) => ({
      file,
      read: async () => Promise.resolve(Buffer.from(bytes)),
    })
    const summary = await importBundles(
      [
        source('usb1/a.jws', (await first()).bundle),
        source('usb2/a.jws', (await regraded()).bundle),
        source('usb3/a.jws', Buffer.from(renamed)),
      ],
      { store, quarantineDir: `${dir}/quarantine` },
    )
    expect(summary).toMatchObject({ imported: 2, updated: 1, quarantined: 1 })
    expect(must(summary.outcomes[2])).toMatchObject({
      outcome: 'quarantined',
      code: 'MANIFEST_CONFLICT',
      reason: expect.stringContaining('same event log') as unknown,
    })
    expect((await store.listResults())[0]?.pending).toBe(1)
  })
})
