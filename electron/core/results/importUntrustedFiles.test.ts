import { execFileSync } from 'node:child_process'
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writeResultBundle } from '../bundle/bundleWriter'
import { createTestStation } from '../bundle/testing/sampleBundle'
import { expandBundleArgs, MAX_BUNDLE_BYTES } from './bundleFiles'
import { importBundleFiles, importBundles } from './importBundles'
import type { ImportOptions } from './importBundles'
import { openResultsStore } from './openResultsStore'
import type { ResultsStore } from './resultsStore'
import { generatedBundle, generatedSession } from './testing/generatedBundles'
import { SEED, stations, trusted } from './testing/resultsTestKit'

// The attacks a folder (or a sender) can make on the importer; files, not the database, are the point: SQLite only.
const MB = 1024 * 1024
const bundleText = (index: number): string => generatedBundle(index, stations, SEED).text
const tampered = (text: string): string => `${text.slice(0, -8)}AAAAAAAA`
const stores: ResultsStore[] = []
afterEach(async () => Promise.all(stores.splice(0).map(async (store) => store.close())))

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'invigil-untrusted-'))
  const store = await openResultsStore(join(dir, 'results.db'))
  stores.push(store)
  for (const station of stations) await store.addTrustedStation(trusted(station))
  const inbox = join(dir, 'inbox')
  mkdirSync(inbox)
  const quarantineDir = join(dir, 'quarantine')
  const run = async (extra: Partial<ImportOptions> = {}) =>
    importBundleFiles(await expandBundleArgs([inbox], quarantineDir), { store, quarantineDir, ...extra })
  return { dir, store, inbox, quarantineDir, run }
}

describe('importing a folder that holds more than bundles', () => {
  it('refuses a huge file, a link out of the folder and a FIFO, each with its reason, and imports the good one', async () => {
    const { inbox, quarantineDir, store, run } = await setUp()
    writeFileSync(join(inbox, 'a-good.jws'), bundleText(0))
    // 700 MB that cost no disk: only its size is ever looked at.
    const fd = openSync(join(inbox, 'b-huge.jws'), 'w')
    ftruncateSync(fd, 700 * MB)
    closeSync(fd)
    const secret = join(mkdtempSync(join(tmpdir(), 'invigil-outside-')), 'shadow')
    writeFileSync(secret, 'root:secret-hash')
    symlinkSync(secret, join(inbox, 'c-link.jws'))
    execFileSync('mkfifo', [join(inbox, 'd-pipe.jws')])

    const before = process.memoryUsage().rss
    const summary = await run()
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MB)
    expect(summary).toMatchObject({ imported: 1, quarantined: 0, unreadable: 3 })
    expect(summary.outcomes).toEqual([
      expect.objectContaining({ file: join(inbox, 'a-good.jws'), outcome: 'imported' }),
      {
        file: join(inbox, 'b-huge.jws'),
        outcome: 'unreadable',
        reason: `${String(700 * MB)} bytes, more than the ${String(MAX_BUNDLE_BYTES)} bytes allowed; not read`,
      },
      {
        file: join(inbox, 'c-link.jws'),
        outcome: 'unreadable',
        reason: 'not a regular file: a symbolic link (links are not followed)',
      },
      { file: join(inbox, 'd-pipe.jws'), outcome: 'unreadable', reason: 'not a regular file: a named pipe (FIFO)' },
    ])
    expect(existsSync(quarantineDir)).toBe(false)
    expect(await store.listResults()).toHaveLength(1)
  })

  it('keeps quarantine copies only up to its bounds: later refusals are recorded without a copy', async () => {
    const { inbox, quarantineDir, store, run } = await setUp()
    for (const i of [1, 2, 3]) writeFileSync(join(inbox, `${String(i)}.jws`), tampered(bundleText(i)))
    const byCount = await run({ quarantineLimits: { maxFiles: 2, maxBytes: 100 * MB } })
    expect(byCount).toMatchObject({ quarantined: 3 })
    expect(readdirSync(quarantineDir)).toHaveLength(2)
    const rows = await store.listQuarantine()
    expect(rows.filter((row) => row.reason.includes('no copy kept'))).toHaveLength(1)
    expect(rows.find((row) => row.file.endsWith('3.jws'))?.reason).toContain(
      `no copy kept: the quarantine folder ${quarantineDir} is at its limit (2 files, ${String(100 * MB)} bytes)`,
    )

    // Bytes bound too: the folder already holds two copies, so one more byte than they hold admits nothing new.
    writeFileSync(join(inbox, '4.jws'), tampered(bundleText(4)))
    const held = readdirSync(quarantineDir).reduce(
      (sum, name) => sum + readFileSync(join(quarantineDir, name)).length,
      0,
    )
    await run({ quarantineLimits: { maxFiles: 100, maxBytes: held + 1 } })
    expect(readdirSync(quarantineDir)).toHaveLength(2)
  })
})

describe('importing only what an enrolled station signed (the intake rule)', () => {
  it('refuses garbage, foreign and altered bundles writing nothing; quarantines a conflict an enrolled station signed', async () => {
    const { dir, store } = await setUp()
    const quarantineDir = join(dir, 'quarantine')
    const foreign = createTestStation()
    const { input, eventLines } = generatedSession(0, SEED)
    const other = generatedSession(6, SEED)
    const conflicting = writeResultBundle(
      { ...other.input, session: input.session },
      eventLines.slice(0, 1).concat(other.eventLines.slice(1)),
      stations[0],
    )
    const sources = [
      ['garbage.jws', 'not.a.bundle'],
      ['foreign.jws', generatedBundle(0, [foreign], SEED).text],
      ['altered.jws', tampered(bundleText(1))],
      ['good.jws', bundleText(0)],
    ].map(([file = '', text = '']) => ({ file, read: () => Promise.resolve(Buffer.from(text)) }))
    const options = { store, quarantineDir, onlyEnrolledSigners: true }
    const summary = await importBundles(sources, options)
    expect(summary.outcomes.map((o) => ('code' in o ? `${o.outcome} ${o.code}` : o.outcome))).toEqual([
      'refused MALFORMED',
      'refused FOREIGN_STATION',
      'refused BAD_SIGNATURE',
      'imported',
    ])
    expect(await store.listQuarantine()).toEqual([])
    expect(existsSync(quarantineDir)).toBe(false)

    const conflict = await importBundles(
      [{ file: 'conflict.jws', read: () => Promise.resolve(Buffer.from(conflicting)) }],
      options,
    )
    expect(conflict.outcomes[0]).toMatchObject({ outcome: 'quarantined', code: 'SESSION_CONFLICT' })
    expect(readdirSync(quarantineDir)).toHaveLength(1)
  })
})
