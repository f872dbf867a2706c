import { afterEach, describe, expect, it } from 'vitest'
import { writeResultBundle } from '../bundle/bundleWriter'
import { openResultsStore } from './openResultsStore'
import { RESULTS_MIGRATIONS, RESULTS_SCHEMA_VERSION } from './resultsMigrations'
import type { ResultsMigration } from './resultsMigrations'
import type { ResultsStore } from './resultsStore'
import { generatedSession } from './testing/generatedBundles'
import { admittedResult, AT, must, rawQuery, SEED, stations, trusted } from './testing/resultsTestKit'
import { STORE_TARGETS } from './testing/storeTargets'
import type { FreshTarget } from './testing/storeTargets'

// The same contract, run against SQLite and PostgreSQL. Without INVIGIL_TEST_PG_URL the PostgreSQL half fails and
// says how to start a server (scripts/test-postgres.sh); it never skips.
describe.each(STORE_TARGETS)('results store on $backend', ({ backend, fresh }) => {
  const open: ResultsStore[] = []
  const targets: FreshTarget[] = []
  const newStore = async (
    migrations?: readonly ResultsMigration[],
  ): Promise<{ store: ResultsStore; target: string }> => {
    const target = await fresh()
    targets.push(target)
    const store = await openResultsStore(target.target, migrations ? { migrations } : {})
    open.push(store)
    return { store, target: target.target }
  }
  const reopen = async (target: string, migrations?: readonly ResultsMigration[]): Promise<ResultsStore> => {
    const store = await openResultsStore(target, migrations ? { migrations } : {})
    open.push(store)
    return store
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map(async (store) => store.close().catch(() => undefined)))
    await Promise.all(targets.splice(0).map(async (target) => target.cleanup()))
  })

  it('opens on the backend its target names, migrated; migrating again changes nothing', async () => {
    const { store } = await newStore()
    expect(store.backend).toBe(backend)
    expect(await store.migrate()).toBe(RESULTS_SCHEMA_VERSION)
    expect(await store.listResults()).toEqual([])
  })

  it('enrolls a station once, keeping its label', async () => {
    const { store } = await newStore()
    expect(await store.addTrustedStation(trusted(stations[0], 'Lab 1 PC 3'))).toBe(true)
    expect(await store.addTrustedStation(trusted(stations[0], 'other'))).toBe(false)
    expect(await store.addTrustedStation(trusted(stations[1]))).toBe(true)
    const enrolled = await store.trustedStations()
    expect(enrolled).toHaveLength(2)
    expect(enrolled.find((s) => s.stationId === stations[0].stationId)).toEqual(trusted(stations[0], 'Lab 1 PC 3'))
    expect(enrolled.find((s) => s.stationId === stations[1].stationId)).not.toHaveProperty('label')
  })

  it('stores results whole: fields, manifest and the bundle bytes come back as they went in', async () => {
    const { store } = await newStore()
    const entries = await Promise.all([0, 1, 2, 3].map((i) => admittedResult(i)))
    const [first, second, third, fourth] = entries.map((entry) => entry.result)
    expect(await store.storeResults(entries)).toEqual(['stored', 'stored', 'stored', 'stored'])
    const listed = await store.listResults()
    expect(listed.map((r) => r.candidateId)).toEqual(['C-00001', 'C-00002', 'C-00003', 'C-00004'])
    expect(listed[0]).toEqual(first)
    expect(listed[0]?.passed).toBeNull()
    expect(typeof listed[1]?.passed).toBe('boolean')
    expect(await store.readBundle(must(third).bundleSha256)).toEqual(Buffer.from(must(entries[2]).bundle))
    expect(await store.readBundle('0'.repeat(64))).toBeUndefined()
    expect(await store.hasBundle(must(fourth).bundleSha256)).toBe(true)
    expect(await store.knownBundles([must(second).bundleSha256, 'f'.repeat(64)])).toEqual(
      new Set([must(second).bundleSha256]),
    )
  })

  it('filters by exam, station, candidate and session', async () => {
    const { store } = await newStore()
    await store.storeResults(await Promise.all([0, 1, 2, 3, 4].map((i) => admittedResult(i))))
    expect(await store.listResults({ examId: 'cert-2026' })).toHaveLength(5)
    expect(await store.listResults({ examId: 'other' })).toHaveLength(0)
    expect((await store.listResults({ stationId: stations[1].stationId })).map((r) => r.sessionId)).toEqual([
      'sess-00001',
      'sess-00003',
    ])
    expect(await store.listResults({ candidateId: 'C-00003', sessionId: 'sess-00002' })).toHaveLength(1)
  })

  it('a bundle stored twice, in one batch or two, is a duplicate and changes nothing', async () => {
    const { store } = await newStore()
    const entry = await admittedResult(0)
    expect(await store.storeResults([entry, entry])).toEqual(['stored', 'duplicate'])
    expect(await store.storeResult(entry)).toBe('duplicate')
    expect(await store.listResults()).toHaveLength(1)
  })

  it('a re-export of a stored session (same event log, new bytes) is a duplicate; a different log is a conflict', async () => {
    const { store } = await newStore()
    const { input, eventLines } = generatedSession(0, SEED)
    const original = await admittedResult(0)
    const reexport = await admittedResult(
      0,
      writeResultBundle({ ...input, exported_at: '2026-11-24T08:00:00.000Z' }, eventLines, stations[0]),
    )
    const other = generatedSession(3, SEED) // another event log, relabelled as session 0
    const conflicting = await admittedResult(
      0,
      writeResultBundle(
        { ...other.input, session: input.session },
        eventLines.slice(0, 1).concat(other.eventLines.slice(1)),
        stations[0],
      ),
    )
    expect(reexport.result.bundleSha256).not.toBe(original.result.bundleSha256)
    expect(await store.storeResults([original, reexport, conflicting])).toEqual(['stored', 'duplicate', 'conflict'])
    expect((await store.listResults()).map((r) => r.bundleSha256)).toEqual([original.result.bundleSha256])
  })

  it('records a refused bundle once per reason, oldest first', async () => {
    const { store } = await newStore()
    const entry = {
      file: 'in/a.jws',
      bundleSha256: 'a'.repeat(64),
      code: 'BAD_SIGNATURE' as const,
      reason: 'altered',
      at: AT,
    }
    await store.quarantine(entry)
    await store.quarantine({ ...entry, file: 'copy/a.jws' })
    await store.quarantine({ ...entry, bundleSha256: 'b'.repeat(64), code: 'FOREIGN_STATION', reason: 'not enrolled' })
    expect(await store.listQuarantine()).toEqual([
      entry,
      { ...entry, bundleSha256: 'b'.repeat(64), code: 'FOREIGN_STATION', reason: 'not enrolled' },
    ])
  })

  it('refuses a database written by a newer Invigil', async () => {
    const { store, target } = await newStore()
    await store.close()
    await rawQuery(target, backend === 'sqlite' ? 'PRAGMA user_version = 99' : 'UPDATE schema_version SET version = 99')
    await expect(openResultsStore(target)).rejects.toMatchObject({ code: 'DATABASE_FROM_FUTURE' })
  })

  it('migrates N-1 to N with real rows in place', async () => {
    // A stand-in for the next migration: adds a column and fills it from the existing rows.
    const next: ResultsMigration = {
      version: RESULTS_SCHEMA_VERSION + 1,
      name: 'test: a grader column',
      sql: () =>
        "ALTER TABLE results ADD COLUMN reviewed_by TEXT; UPDATE results SET reviewed_by = 'grader:' || candidate_id",
    }
    const { store, target } = await newStore()
    await store.addTrustedStation(trusted(stations[0]))
    await store.storeResults(await Promise.all([0, 1].map((i) => admittedResult(i))))
    await store.close()

    const upgraded = await reopen(target, [...RESULTS_MIGRATIONS, next])
    expect(await upgraded.migrate()).toBe(RESULTS_SCHEMA_VERSION + 1)
    expect((await upgraded.listResults()).map((r) => r.candidateId)).toEqual(['C-00001', 'C-00002'])
    expect(await upgraded.trustedStations()).toHaveLength(1)
    expect(await rawQuery(target, 'SELECT reviewed_by FROM results ORDER BY candidate_id')).toEqual([
      { reviewed_by: 'grader:C-00001' },
      { reviewed_by: 'grader:C-00002' },
    ])
    // And the current app now refuses it rather than guess.
    await upgraded.close()
    await expect(openResultsStore(target)).rejects.toMatchObject({ code: 'DATABASE_FROM_FUTURE' })
  })

  it('a failing migration leaves the previous version and rows intact', async () => {
    const broken: ResultsMigration = {
      version: RESULTS_SCHEMA_VERSION + 1,
      name: 'test: fails halfway',
      sql: () => 'CREATE TABLE half_done (id INTEGER); SELECT no_such_column FROM results',
    }
    const { store, target } = await newStore()
    await store.storeResults([await admittedResult(0)])
    await store.close()
    await expect(openResultsStore(target, { migrations: [...RESULTS_MIGRATIONS, broken] })).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
    })
    const again = await reopen(target)
    expect(await again.listResults()).toHaveLength(1)
    const halfDone =
      backend === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE name = 'half_done'"
        : "SELECT table_name FROM information_schema.tables WHERE table_name = 'half_done'"
    expect(await rawQuery(target, halfDone)).toEqual([])
  })
})

describe('results schema', () => {
  it('has the same tables and columns on SQLite and PostgreSQL', async () => {
    const fresh: FreshTarget[] = []
    try {
      for (const target of STORE_TARGETS) fresh.push(await target.fresh())
      const columns: Record<string, string[]>[] = []
      for (const { target } of fresh) {
        await (await openResultsStore(target)).close()
        const byTable: Record<string, string[]> = {}
        for (const table of [
          'trusted_stations',
          'results',
          'quarantine',
          'result_versions',
          'trusted_graders',
          'central_grades',
        ]) {
          const rows = target.startsWith('postgres')
            ? await rawQuery(
                target,
                `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
              )
            : await rawQuery(target, `SELECT name FROM pragma_table_info('${table}')`)
          byTable[table] = rows.map((row) => String(row.name))
        }
        columns.push(byTable)
      }
      expect(columns[0]?.results).toContain('bundle_sha256')
      expect(columns[1]).toEqual(columns[0])
    } finally {
      await Promise.all(fresh.map(async (t) => t.cleanup()))
    }
  })
})
