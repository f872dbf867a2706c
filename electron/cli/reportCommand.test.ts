import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from './main'
import { createTestStation } from '../core/bundle/testing/sampleBundle'
import { importBundleFiles } from '../core/results/importBundles'
import { openResultsStore } from '../core/results/openResultsStore'
import { GENERATED_BANK, generatedBundle } from '../core/results/testing/generatedBundles'
import { openRoomStore } from '../core/room/roomStore'

// `invigil results report` in-process, over a SQLite results database holding twelve imported bundles.
const dir = mkdtempSync(join(tmpdir(), 'invigil-report-cli-'))
const db = join(dir, 'results.db')
const bankFile = join(dir, 'cert-2026.json')

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  const station = createTestStation()
  const files = Array.from({ length: 12 }, (_, i) => {
    const file = join(dir, `b${String(i)}.jws`)
    writeFileSync(file, generatedBundle(i, [station], 'report-cli').text)
    return file
  })
  writeFileSync(bankFile, JSON.stringify(GENERATED_BANK))
  const store = await openResultsStore(db)
  try {
    await store.addTrustedStation({
      stationId: station.stationId,
      publicKeyJwk: station.publicKeyJwk,
      addedAt: new Date().toISOString(),
    })
    const summary = await importBundleFiles(files, { store, quarantineDir: join(dir, 'quarantine') })
    expect(summary.imported).toBe(12)
  } finally {
    await store.close()
  }
})

describe('invigil results report', () => {
  it('writes a self-contained report, with keys from the bank when given', async () => {
    const output = join(dir, 'with-bank.html')
    const { code, stdout, stderr } = await run('results', 'report', '--db', db, '-o', output, '--bank', bankFile)
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout).toBe(`wrote ${output}: cert-2026 (12 candidates, keys from bank)\n`)
    const page = readFileSync(output, 'utf8')
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(page).toContain('<span lang="zh-Hant">認證試題</span>')
    expect(page).toContain('Keys are taken from the exam bank.')
    expect(page).toContain('Chart.js v4')
  })

  it('infers keys from full-point answers without the bank, and says so', async () => {
    const output = join(dir, 'no-bank.html')
    expect((await run('results', 'report', '--db', db, '-o', output, '--exam', 'cert-2026')).code).toBe(0)
    expect(readFileSync(output, 'utf8')).toContain('No bank was given for this exam')
  })

  it("adds the incident reports staff wrote on a room's console, with --room", async () => {
    const roomDir = join(dir, 'room')
    mkdirSync(roomDir)
    const room = openRoomStore(join(roomDir, 'room.db'))
    room.reports.add({
      seat: 'A-02',
      sessionId: null,
      candidateId: 'C-002',
      stationId: null,
      staffId: 'P01',
      text: 'Candidate <b>left</b> the room for five minutes at 10:12.',
      reportedAt: '2026-11-23T02:12:00.000Z',
    })
    room.close()
    const output = join(dir, 'with-room.html')
    const built = await run('results', 'report', '--db', db, '-o', output, '--room', roomDir)
    expect([built.code, built.stderr]).toEqual([0, ''])
    const page = readFileSync(output, 'utf8')
    expect(page).toContain('<h2 id="incidents-title">Incident reports</h2>')
    expect(page).toMatch(/<th scope="row">A-02<\/th><td>C-002<\/td><td>P01<\/td>/)
    expect(page).toContain('Candidate &lt;b&gt;left&lt;/b&gt; the room for five minutes at 10:12.')
    // Without --room the report is a results report only.
    expect(readFileSync(join(dir, 'with-bank.html'), 'utf8')).not.toContain('incidents-title')
    const missing = await run('results', 'report', '--db', db, '-o', join(dir, 'y.html'), '--room', join(dir, 'nope'))
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('there is no room store') as string })
    expect(existsSync(join(dir, 'nope'))).toBe(false)
    // The spreadsheet export carries them as a second sheet; CSV holds one table and is refused with --room.
    const xlsx = await run(
      'results',
      'export',
      '--db',
      db,
      '--format',
      'xlsx',
      '-o',
      join(dir, 's.xlsx'),
      '--room',
      roomDir,
    )
    expect([xlsx.code, xlsx.stderr]).toEqual([0, ''])
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(join(dir, 's.xlsx'))
    expect(workbook.getWorksheet('Incident reports')?.getRow(2).getCell(7).value).toBe(
      'Candidate <b>left</b> the room for five minutes at 10:12.',
    )
    const csv = await run(
      'results',
      'export',
      '--db',
      db,
      '--format',
      'csv',
      '-o',
      join(dir, 's.csv'),
      '--room',
      roomDir,
    )
    expect(csv).toMatchObject({ code: 2, stderr: expect.stringContaining('--format xlsx') as string })
  })

  it('fails without writing when there is nothing to report or no database', async () => {
    const output = join(dir, 'none.html')
    const unknown = await run('results', 'report', '--db', db, '-o', output, '--exam', 'no-such-exam')
    expect(unknown).toMatchObject({ code: 1, stderr: `invigil: error: no results for exam no-such-exam in ${db}\n` })
    const missing = join(dir, 'missing.db')
    expect((await run('results', 'report', '--db', missing, '-o', output)).code).toBe(1)
    expect(existsSync(missing)).toBe(false)
    expect(existsSync(output)).toBe(false)
  })

  it('refuses an invalid bank, and warns about one that matches no exam', async () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'format: invigil-bank/1\nsections: []\n')
    const refused = await run('results', 'report', '--db', db, '-o', join(dir, 'x.html'), '--bank', bad)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('is not a valid bank')
    const other = join(dir, 'other.json')
    writeFileSync(other, JSON.stringify({ ...GENERATED_BANK, id: 'other-exam' }))
    const warned = await run('results', 'report', '--db', db, '-o', join(dir, 'y.html'), '--bank', other)
    expect(warned.code).toBe(0)
    expect(warned.stderr).toBe('warning: bank other-exam matches no exam in the results; it was not used\n')
  })

  it('writes the report in the language given with --lang, and refuses one it does not have', async () => {
    const output = join(dir, 'zh-Hant.html')
    expect(
      (await run('results', 'report', '--db', db, '-o', output, '--bank', bankFile, '--lang', 'zh-Hant')).code,
    ).toBe(0)
    const page = readFileSync(output, 'utf8')
    expect(page).toMatch(/^<!doctype html>\n<html lang="zh-Hant">/)
    expect(page).toContain('<h1>成績報告</h1>')
    expect(page).toContain('<span lang="zh-Hant">認證試題</span>')
    const simplified = join(dir, 'zh-Hans.html')
    expect((await run('results', 'report', '--db', db, '-o', simplified, '--lang', 'zh-hans')).code).toBe(0)
    expect(readFileSync(simplified, 'utf8')).toContain('<html lang="zh-Hans">')

    const french = join(dir, 'fr.html')
    const refused = await run('results', 'report', '--db', db, '-o', french, '--lang', 'fr')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("option '--lang <locale>' argument 'fr' is invalid")
    expect(refused.stderr).toContain('give one of en, zh-Hant, zh-Hans')
    expect(existsSync(french)).toBe(false)
  })
})
