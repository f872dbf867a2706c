import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeResultBundle } from '../bundle/bundleWriter'
import { csvField } from './csvFormat'
import { exportResults, INCIDENT_SHEET } from './exportResults'
import { exportTable, verdict } from './exportTable'
import { openResultsStore } from './openResultsStore'
import type { ResultsStore } from './resultsStore'
import { generatedSession } from './testing/generatedBundles'
import { admittedResult, must, SEED, stations } from './testing/resultsTestKit'
import { STORE_TARGETS } from './testing/storeTargets'
import type { FreshTarget } from './testing/storeTargets'

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (char === '"') {
      quoted = !quoted
    } else if (!quoted && char === ',') {
      row.push(field)
      field = ''
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else {
      field += char
    }
  }
  return rows
}

/** Candidate 1 renamed to something hostile: a formula, and a name with a comma, a quote and a line break. */
async function hostileResults() {
  const rename = async (index: number, name: string) => {
    const { input, eventLines } = generatedSession(index, SEED)
    return admittedResult(
      index,
      writeResultBundle(
        { ...input, candidate: { ...input.candidate, name } },
        eventLines,
        index % 2 === 0 ? stations[0] : stations[1],
      ),
    )
  }
  return [
    await rename(0, '=HYPERLINK("http://evil","x")'),
    await rename(1, 'Lee, "Jo"\nJr'),
    await admittedResult(2),
    await admittedResult(3),
  ]
}

describe('results export', () => {
  let fresh: FreshTarget
  let store: ResultsStore
  beforeAll(async () => {
    fresh = await STORE_TARGETS[0].fresh()
    store = await openResultsStore(fresh.target)
    await store.storeResults(await hostileResults())
  })
  afterAll(async () => {
    await store.close()
    await fresh.cleanup()
  })

  it('builds one row per candidate session with fixed, section and item columns in bank order', async () => {
    const table = exportTable(await store.listResults())
    expect(table.columns.map((c) => c.header)).toEqual([
      'exam_id',
      'candidate_id',
      'candidate_name',
      'station_id',
      'session_id',
      'submitted_at',
      'total',
      'max',
      'percent',
      'result',
      'end_reason',
      'end_note',
      'extension_minutes',
      'extensions',
      'section:choice',
      'section:written',
      ...Array.from({ length: 12 }, (_, i) => `item:q${String(i + 1)}`),
      'item:w1',
      'item:w2',
    ])
    expect(table.rows).toHaveLength(4)
    const [first] = await store.listResults({ candidateId: 'C-00001' })
    const row = must(table.rows[0])
    const { total } = must(first)
    expect(row.slice(6, 10)).toEqual([total, 34, Math.round((total / 34) * 1000) / 10, 'pending'])
    // Candidate 1 wrote the short answers: waiting for a grader, so empty rather than 0.
    expect(row.slice(-2)).toEqual([null, null])
    expect(table.rows[1]?.slice(-2)).toEqual([0, 0])
  })

  it('gives who ended each session and the extensions granted, with their minutes and reasons', async () => {
    const [stored] = await store.listResults({ candidateId: 'C-00002' })
    const result = must(stored)
    const endedEarly = {
      ...result,
      manifest: {
        ...result.manifest,
        session: { ...result.manifest.session, submit_reason: 'proctor' as const },
        timing: {
          ...result.manifest.timing,
          extensions: [
            { minutes: 10, reason: 'fire alarm', at: '2026-05-01T09:10:00.000Z' },
            { minutes: 5, reason: 'printer; jammed', at: '2026-05-01T09:20:00.000Z' },
          ],
        },
      },
    }
    const table = exportTable([result, endedEarly])
    const at = (header: string): number => table.columns.findIndex((column) => column.header === header)
    const cells = (row: number) =>
      [at('end_reason'), at('extension_minutes'), at('extensions')].map((i) => table.rows[row]?.[i])
    expect(cells(0)).toEqual([result.manifest.session.submit_reason ?? '', 0, ''])
    expect(cells(1)).toEqual(['proctor', 15, '10 min: fire alarm; 5 min: printer; jammed'])
  })

  it('says pass, fail, pending, or nothing without a pass mark', () => {
    expect([
      verdict({ passed: true, pending: 0 }),
      verdict({ passed: false, pending: 0 }),
      verdict({ passed: null, pending: 2 }),
      verdict({ passed: null, pending: 0 }),
    ]).toEqual(['pass', 'fail', 'pending', ''])
  })

  it('writes CSV that Excel reads as UTF-8, with formulas defused and awkward names quoted', async () => {
    const file = join(fresh.dir, 'results.csv')
    expect(await exportResults(store, { format: 'csv', file })).toEqual({ rows: 4 })
    const bytes = readFileSync(file)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    expect(text.endsWith('\r\n')).toBe(true)
    const rows = parseCsv(text)
    expect(rows).toHaveLength(5)
    expect(rows.every((r) => r.length === 30)).toBe(true)
    const byCandidate = Object.fromEntries(rows.slice(1).map((r) => [r[1], r]))
    expect(byCandidate['C-00001']?.[2]).toBe(`'=HYPERLINK("http://evil","x")`)
    expect(byCandidate['C-00002']?.[2]).toBe('Lee, "Jo"\nJr')
    expect(byCandidate['C-00003']?.[2]).toBe('張志豪')
    expect(byCandidate['C-00001']?.[9]).toBe('pending')
    expect(csvField('-2+3')).toBe(`'-2+3`)
    expect(csvField('@SUM(A1)')).toBe(`'@SUM(A1)`)
    expect(csvField(-2)).toBe('-2')
  })

  it('writes XLSX with a bold, frozen header, sized columns and typed cells', async () => {
    const file = join(fresh.dir, 'results.xlsx')
    await exportResults(store, { format: 'xlsx', file })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    const sheet = must(workbook.getWorksheet('Results'), 'a Results sheet')
    expect(sheet.rowCount).toBe(5)
    expect(sheet.getRow(1).getCell(1).value).toBe('exam_id')
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(30)
    const rows = [2, 3, 4, 5].map((n) => sheet.getRow(n))
    const first = must(rows.find((r) => r.getCell(2).value === 'C-00001'))
    // Stored as text, which Excel never evaluates: no guard needed, the name is exact.
    expect(first.getCell(3).value).toBe('=HYPERLINK("http://evil","x")')
    expect(typeof first.getCell(7).value).toBe('number')
    expect(first.getCell(10).value).toBe('pending')
    expect(rows.find((r) => r.getCell(2).value === 'C-00003')?.getCell(3).value).toBe('張志豪')
  })

  it("adds a room's incident reports as a second sheet, text as written; XLSX only", async () => {
    const file = join(fresh.dir, 'sitting.xlsx')
    const report = {
      seat: 'A-02',
      sessionId: 'ses_1',
      candidateId: 'C-00002',
      stationId: null,
      staffId: 'P01',
      text: '=HYPERLINK("http://evil","x") 考生離場五分鐘',
      reportedAt: '2026-11-23T02:12:00.000Z',
    }
    await exportResults(store, { format: 'xlsx', file, incidentReports: [report] })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Results', INCIDENT_SHEET])
    const sheet = must(workbook.getWorksheet(INCIDENT_SHEET))
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'reported_at',
      'seat',
      'candidate_id',
      'session_id',
      'station_id',
      'staff_id',
      'text',
    ])
    expect(sheet.rowCount).toBe(2)
    expect(sheet.getRow(2).getCell(2).value).toBe('A-02')
    expect(sheet.getRow(2).getCell(7).value).toBe(report.text)
    await expect(
      exportResults(store, { format: 'csv', file: join(fresh.dir, 'x.csv'), incidentReports: [report] }),
    ).rejects.toThrow(/XLSX workbook only/)
  })

  it('writes JSON as an array of row objects keyed by column', async () => {
    const file = join(fresh.dir, 'results.json')
    await exportResults(store, { format: 'json', file })
    const rows = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[]
    expect(rows).toHaveLength(4)
    expect(rows[2]).toMatchObject({
      exam_id: 'cert-2026',
      candidate_id: 'C-00003',
      candidate_name: '張志豪',
      max: 34,
      'section:choice': expect.any(Number),
      'item:q1': expect.any(Number),
    })
    expect(rows[0]?.['item:w1']).toBeNull()
  })
})
