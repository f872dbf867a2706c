import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openResultsStore } from './openResultsStore'
import { BYTES_PER_INSERT } from './postgresResultsStore'
import type { NewResult, ResultsStore } from './resultsStore'
import { admittedResult, rawQuery } from './testing/resultsTestKit'
import { STORE_TARGETS } from './testing/storeTargets'
import type { FreshTarget } from './testing/storeTargets'

// How the stores lay out the rows of real bundles (each ≈ 45 KB with its ≈ 10 KB manifest): what made the import of
// 10,000 of them faster, held here so that it does not quietly go away, and shown not to lock out older files.
const [SQLITE, POSTGRES] = STORE_TARGETS

describe('results storage layout', () => {
  const open: ResultsStore[] = []
  const targets: FreshTarget[] = []
  const fresh = async (target: typeof SQLITE): Promise<string> => {
    const made = await target.fresh()
    targets.push(made)
    return made.target
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map(async (store) => store.close().catch(() => undefined)))
    await Promise.all(targets.splice(0).map(async (target) => target.cleanup()))
  })

  it('a new SQLite store has 64 KB pages', async () => {
    const target = await fresh(SQLITE)
    const store = await openResultsStore(target)
    open.push(store)
    expect(await store.storeResults([await admittedResult(0)])).toEqual(['stored'])
    expect(await rawQuery(target, 'PRAGMA page_size')).toEqual([{ page_size: 65536 }])
  })

  it('a SQLite store made with 4 KB pages keeps them, and stores and reads as before', async () => {
    const target = await fresh(SQLITE)
    const old = new Database(target)
    old.pragma('page_size = 4096')
    old.pragma('journal_mode = WAL')
    old.close()
    const store = await openResultsStore(target)
    open.push(store)
    const entry = await admittedResult(1)
    expect(await store.storeResults([entry])).toEqual(['stored'])
    expect(await store.readBundle(entry.result.bundleSha256)).toEqual(Buffer.from(entry.bundle))
    expect(await rawQuery(target, 'PRAGMA page_size')).toEqual([{ page_size: 4096 }])
  })

  it('PostgreSQL compresses what the store writes with lz4 where the server has it, and pglz elsewhere', async () => {
    const target = await fresh(POSTGRES)
    const hasLz4 = await rawQuery(target, "SET default_toast_compression = 'lz4'").then(
      () => true,
      () => false,
    )
    const store = await openResultsStore(target)
    open.push(store)
    const entries = await Promise.all([2, 3].map((i) => admittedResult(i)))
    expect(await store.storeResults(entries)).toEqual(['stored', 'stored'])
    const rows = await rawQuery(
      target,
      'SELECT pg_column_compression(bundle) AS bundle, pg_column_compression(manifest) AS manifest FROM results',
    )
    const methods = rows.flatMap((row) => [row.bundle, row.manifest]).filter((method) => method !== null)
    expect(methods.length).toBeGreaterThan(0)
    expect(new Set(methods)).toEqual(new Set([hasLz4 ? 'lz4' : 'pglz']))
  })

  it('PostgreSQL stores a batch larger than one INSERT statement takes (BYTES_PER_INSERT of bundles) whole', async () => {
    const target = await fresh(POSTGRES)
    const store = await openResultsStore(target)
    open.push(store)
    // Enough bundles for at least three statements.
    const entries: NewResult[] = []
    for (let bytes = 0; bytes <= 2 * BYTES_PER_INSERT; bytes += (entries.at(-1) as NewResult).bundle.length)
      entries.push(await admittedResult(10 + entries.length))
    // The batch's last entry repeats its first: planned once, stored once, whichever statement carries it.
    const first = entries[0] as (typeof entries)[number]
    const outcomes = await store.storeResults([...entries, first])
    expect(outcomes).toEqual([...entries.map(() => 'stored'), 'duplicate'])
    const rows = await rawQuery(target, 'SELECT bundle_sha256 FROM results')
    expect(new Set(rows.map((row) => row.bundle_sha256))).toEqual(
      new Set(entries.map((entry) => entry.result.bundleSha256)),
    )
    for (const entry of entries)
      expect(await store.readBundle(entry.result.bundleSha256)).toEqual(Buffer.from(entry.bundle))
  })

  it.each([SQLITE, POSTGRES])(
    '$backend stores the manifest as the bundle signed it, byte for byte',
    async (backend) => {
      const target = await fresh(backend)
      const store = await openResultsStore(target)
      open.push(store)
      const entry = await admittedResult(4)
      expect(await store.storeResults([entry])).toEqual(['stored'])
      const payload = Buffer.from(Buffer.from(entry.bundle).toString('latin1').split('.')[1] ?? '', 'base64url')
      const signedManifest = payload.toString('utf8').split('\n')[0]
      expect(await rawQuery(target, 'SELECT manifest FROM results')).toEqual([{ manifest: signedManifest }])
      const [stored] = await store.listResults()
      expect(stored?.manifest).toEqual(entry.result.manifest)
    },
  )
})
