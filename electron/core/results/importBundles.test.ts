import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { encryptBundleForAuthority } from '../bundle/bundleEncryption'
import { writeResultBundle } from '../bundle/bundleWriter'
import { createTestStation } from '../bundle/testing/sampleBundle'
import type { TestStation } from '../bundle/testing/sampleBundle'
import { expandBundleArgs } from './bundleFiles'
import { importBundleFiles, summaryLine } from './importBundles'
import type { ImportOptions, ImportProgress, ImportSummary } from './importBundles'
import { openResultsStore } from './openResultsStore'
import type { ResultsStore } from './resultsStore'
import { generatedBundle, generatedSession } from './testing/generatedBundles'
import { must, SEED, stations, trusted } from './testing/resultsTestKit'
import { STORE_TARGETS } from './testing/storeTargets'
import type { FreshTarget } from './testing/storeTargets'

const bundleText = (index: number): string => generatedBundle(index, stations, SEED).text

/** Flips one character in the middle of the payload to another base64url character: the signature no longer holds. */
function tamper(text: string): string {
  const at = text.indexOf('.') + Math.floor((text.lastIndexOf('.') - text.indexOf('.')) / 2)
  return `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`
}

const counts = ({ imported, duplicates, quarantined, foreign, invalid, unreadable }: ImportSummary) => ({
  imported,
  duplicates,
  quarantined,
  foreign,
  invalid,
  unreadable,
})

describe.each(STORE_TARGETS)('importing bundles into $backend', ({ fresh }) => {
  let target: FreshTarget | undefined
  const stores: ResultsStore[] = []
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async (store) => store.close()))
    await target?.cleanup()
    target = undefined
  })

  /** A fresh store with both test stations enrolled, and a folder of bundle files written from `files`. */
  async function setUp(files: Record<string, string | Buffer>, enrolled: readonly TestStation[] = stations) {
    target = await fresh()
    const store = await openResultsStore(target.target)
    stores.push(store)
    for (const station of enrolled) await store.addTrustedStation(trusted(station))
    const inbox = join(target.dir, 'inbox')
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(inbox, name, '..'), { recursive: true })
      writeFileSync(join(inbox, name), content)
    }
    const quarantineDir = join(target.dir, 'quarantine')
    const run = async (extra: Partial<ImportOptions> = {}) =>
      importBundleFiles(await expandBundleArgs([inbox], quarantineDir), { store, quarantineDir, ...extra })
    return { store, inbox, quarantineDir, run }
  }

  it('stores good bundles from nested folders; a second import changes nothing', async () => {
    const { store, run } = await setUp({
      'lab1/a.jws': bundleText(0),
      'lab2/b.jws': bundleText(1),
      'c.jws': bundleText(2),
      'notes.txt': 'ignored',
    })
    const progress: ImportProgress[] = []
    const first = await run({ onProgress: (p) => progress.push(p), batchSize: 2 })
    expect(counts(first)).toEqual({ imported: 3, duplicates: 0, quarantined: 0, foreign: 0, invalid: 0, unreadable: 0 })
    expect(progress.map((p) => p.done)).toEqual([2, 3])
    expect(progress.at(-1)).toMatchObject({ total: 3, imported: 3 })
    const before = await store.listResults()

    const second = await run()
    expect(counts(second)).toEqual({
      imported: 0,
      duplicates: 3,
      quarantined: 0,
      foreign: 0,
      invalid: 0,
      unreadable: 0,
    })
    expect(summaryLine(second)).toBe('imported=0 duplicates=3 quarantined=0 (foreign=0 invalid=0)')
    expect(await store.listResults()).toEqual(before)
    expect(await store.listQuarantine()).toEqual([])
  })

  it('quarantines tampered, truncated and foreign bundles with the reason, copying them aside and keeping the originals', async () => {
    const stranger = createTestStation()
    const foreign = writeResultBundle(generatedSession(7, SEED).input, generatedSession(7, SEED).eventLines, stranger)
    const files = {
      'good.jws': bundleText(0),
      'tampered.jws': tamper(bundleText(1)),
      'truncated.jws': bundleText(2).slice(0, 900),
      'foreign.jws': foreign,
      'foreign-tampered.jws': tamper(foreign),
    }
    const { store, inbox, quarantineDir, run } = await setUp(files)
    const summary = await run()
    expect(counts(summary)).toEqual({
      imported: 1,
      duplicates: 0,
      quarantined: 4,
      foreign: 1,
      invalid: 3,
      unreadable: 0,
    })
    const byFile = Object.fromEntries(
      summary.outcomes.map((o) => [o.file.slice(inbox.length + 1), o.outcome === 'quarantined' ? o.code : o.outcome]),
    )
    expect(byFile).toEqual({
      'good.jws': 'imported',
      'tampered.jws': 'BAD_SIGNATURE',
      'truncated.jws': 'MALFORMED',
      'foreign.jws': 'FOREIGN_STATION',
      'foreign-tampered.jws': 'BAD_SIGNATURE',
    })

    const quarantined = await store.listQuarantine()
    expect(quarantined.map((q) => q.code).sort()).toEqual([
      'BAD_SIGNATURE',
      'BAD_SIGNATURE',
      'FOREIGN_STATION',
      'MALFORMED',
    ])
    expect(quarantined.find((q) => q.code === 'FOREIGN_STATION')?.reason).toContain(stranger.stationId)
    const copies = readdirSync(quarantineDir).sort()
    expect(copies).toHaveLength(4)
    for (const name of Object.keys(files)) expect(existsSync(join(inbox, name))).toBe(true)
    const tamperedCopy = copies.find((name) => /^[0-9a-f]{16}-tampered\.jws$/.test(name))
    expect(
      readFileSync(join(quarantineDir, tamperedCopy ?? '')).equals(Buffer.from(files['tampered.jws'], 'ascii')),
    ).toBe(true)
    expect((await store.listResults()).map((r) => r.candidateId)).toEqual(['C-00001'])

    // Importing the same folder again: the good one is a duplicate, the bad ones are refused again, logged once.
    expect(counts(await run())).toEqual({
      imported: 0,
      duplicates: 1,
      quarantined: 4,
      foreign: 1,
      invalid: 3,
      unreadable: 0,
    })
    expect(await store.listQuarantine()).toHaveLength(4)
    expect(readdirSync(quarantineDir)).toHaveLength(4)
  })

  it('accepts a foreign bundle once its station is enrolled', async () => {
    const { store, run } = await setUp({ 'a.jws': bundleText(0), 'b.jws': bundleText(1) }, [stations[0]])
    expect(counts(await run())).toMatchObject({ imported: 1, foreign: 1 })
    await store.addTrustedStation(trusted(stations[1]))
    expect(counts(await run())).toMatchObject({ imported: 1, duplicates: 1, quarantined: 0 })
  })

  it('opens encrypted bundles with the authority key, and quarantines them without it', async () => {
    const authority = generateKeyPairSync('x25519')
    const { store, run } = await setUp({
      'sealed.jwe': await encryptBundleForAuthority(bundleText(4), authority.publicKey),
    })
    const without = await run()
    expect(without.outcomes[0]).toMatchObject({ outcome: 'quarantined', code: 'ENCRYPTED' })
    const wrongKey = await run({ authorityPrivateKey: generateKeyPairSync('x25519').privateKey })
    expect(wrongKey.outcomes[0]).toMatchObject({ outcome: 'quarantined', code: 'DECRYPTION_FAILED' })
    const withKey = await run({ authorityPrivateKey: authority.privateKey })
    expect(counts(withKey)).toMatchObject({ imported: 1, quarantined: 0 })
    const [stored] = await store.listResults()
    expect(stored).toMatchObject({ encrypted: true, candidateId: 'C-00005' })
  })

  it('a re-exported session is a duplicate; another log for a stored session is a conflict', async () => {
    const { reexport, conflicting } = reexportAndConflict()
    const { run } = await setUp({ '1.jws': bundleText(0), '2-reexport.jws': reexport, '3-conflict.jws': conflicting })
    const summary = await run()
    expect(summary.outcomes.map((o) => (o.outcome === 'quarantined' ? o.code : o.outcome))).toEqual([
      'imported',
      'duplicate',
      'SESSION_CONFLICT',
    ])
  })

  it('decides the same when each file is its own batch, verified while the one before it is written', async () => {
    const { reexport, conflicting } = reexportAndConflict()
    const { store, run } = await setUp({
      '1.jws': bundleText(0),
      '2-copy.jws': bundleText(0),
      '3-reexport.jws': reexport,
      '4-conflict.jws': conflicting,
      '5.jws': bundleText(1),
    })
    const summary = await run({ batchSize: 1 })
    expect(summary.outcomes.map((o) => (o.outcome === 'quarantined' ? o.code : o.outcome))).toEqual([
      'imported',
      'duplicate',
      'duplicate',
      'SESSION_CONFLICT',
      'imported',
    ])
    expect(await store.listResults()).toHaveLength(2)
  })

  it('keeps file order in the outcomes and stores nothing of a bad bundle amid good ones', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        `${String(i).padStart(2, '0')}.jws`,
        i === 5 ? tamper(bundleText(i)) : bundleText(i),
      ]),
    )
    const { store, inbox, run } = await setUp(files)
    const summary = await run({ batchSize: 5 })
    expect(counts(summary)).toEqual({
      imported: 11,
      duplicates: 0,
      quarantined: 1,
      foreign: 0,
      invalid: 1,
      unreadable: 0,
    })
    expect(summary.outcomes.map((o) => o.file)).toEqual(Object.keys(files).map((name) => join(inbox, name)))
    expect((await store.listResults()).map((r) => r.candidateId)).not.toContain('C-00006')
  })

  it('two importers on one database at once store each bundle once', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`${String(i).padStart(2, '0')}.jws`, bundleText(i)]),
    )
    const { store, inbox, quarantineDir } = await setUp(files)
    const second = await openResultsStore(must(target).target)
    stores.push(second)
    const list = await expandBundleArgs([inbox], quarantineDir)
    const both = await Promise.all(
      [store, second].map(async (s) => importBundleFiles(list, { store: s, quarantineDir, batchSize: 4 })),
    )
    expect(both.map((run) => run.imported).reduce((x, y) => x + y)).toBe(30)
    expect(both.map((run) => run.imported + run.duplicates)).toEqual([30, 30])
    expect(both.map((run) => run.quarantined)).toEqual([0, 0])
    expect(await store.listResults()).toHaveLength(30)
  })
})

/** Session 0 exported again (same log, later export time), and another session's log under session 0's id. */
function reexportAndConflict(): { reexport: string; conflicting: string } {
  const { input, eventLines } = generatedSession(0, SEED)
  const reexport = writeResultBundle({ ...input, exported_at: '2026-11-24T08:00:00.000Z' }, eventLines, stations[0])
  const other = generatedSession(6, SEED)
  const conflicting = writeResultBundle(
    { ...other.input, session: input.session },
    eventLines.slice(0, 1).concat(other.eventLines.slice(1)),
    stations[0],
  )
  return { reexport, conflicting }
}

describe('bundle file arguments', () => {
  it('reports a missing path and skips the quarantine folder inside a searched one', async () => {
    const target = await STORE_TARGETS[0].fresh()
    try {
      mkdirSync(join(target.dir, 'in', 'quarantine'), { recursive: true })
      writeFileSync(join(target.dir, 'in', 'a.JWS'), 'x')
      writeFileSync(join(target.dir, 'in', 'quarantine', 'b.jws'), 'x')
      writeFileSync(join(target.dir, 'named.bundle'), 'x')
      const files = await expandBundleArgs(
        [join(target.dir, 'in'), join(target.dir, 'named.bundle'), join(target.dir, 'in', 'a.JWS')],
        join(target.dir, 'in', 'quarantine'),
      )
      expect(files).toEqual([join(target.dir, 'in', 'a.JWS'), join(target.dir, 'named.bundle')])
      await expect(expandBundleArgs([join(target.dir, 'nope')], 'q')).rejects.toMatchObject({ code: 'NO_SUCH_PATH' })
    } finally {
      await target.cleanup()
    }
  })
})
