import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { importTextPaper } from '../electron/core/bank/import/text'
import { bankSchema } from '../electron/core/bank/schema'
import type { Bank, Item, Section } from '../electron/core/bank/schema'
import { applyHandEdits, bankFile, seedFile, seedHandEdits, seedPapers } from '../scripts/seedHandEdits'
import type { SeedPaper } from '../scripts/seedHandEdits'

function paper(id: string): SeedPaper {
  const found = seedPapers.find((p) => p.options.id === id)
  if (!found) throw new Error(`no seed paper ${id}`)
  return found
}

function importSeed(seed: SeedPaper): { raw: string; result: ReturnType<typeof importTextPaper>; bank: Bank } {
  const raw = readFileSync(seedFile(seed.seed), 'utf8')
  const result = importTextPaper(raw, { file: seed.seed, ...seed.options })
  if (!result.bank)
    throw new Error(`${seed.seed} did not import: ${result.diagnostics.map((d) => d.message).join('; ')}`)
  return { raw, result, bank: result.bank }
}

const committedBank = (seed: SeedPaper): Bank => bankSchema.parse(parse(readFileSync(bankFile(seed.bank), 'utf8')))

const cert = paper('it-customer-service-certification-2026')
const interview = paper('customer-service-interview-2026')

function section(bank: Bank, id: string): Section {
  const found = bank.sections.find((s) => s.id === id)
  if (!found) throw new Error(`no section ${id}`)
  return found
}

/** Keys as the papers print them: B, ABD, √/×. */
function printedKeys(bank: Bank, sectionId: string): string[] {
  return section(bank, sectionId).items.map((item: Item) => {
    if (item.type === 'single') return item.key
    if (item.type === 'multiple') return item.key.join('')
    if (item.type === 'true_false') return item.key ? '√' : '×'
    return '-'
  })
}

const shape = (bank: Bank): [string, number, number | undefined, number][] =>
  bank.sections.map((s) => [s.id, s.items.length, s.declared?.count, s.items[0]?.points ?? -1])

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(allStrings)
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allStrings)
  return []
}

function findItem(bank: Bank, id: string): Item {
  const found = bank.sections.flatMap((s) => s.items).find((item) => item.id === id)
  if (!found) throw new Error(`no item ${id}`)
  return found
}

/** 1-based line and column of an index, counted here independently of the importer. */
function position(raw: string, index: number): [number, number] {
  expect(index).toBeGreaterThanOrEqual(0)
  const before = raw.slice(0, index)
  return [before.split('\n').length, index - before.lastIndexOf('\n')]
}

const PINYIN = /[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]/
const BOILERPLATE = [
  '溫馨提示',
  '人人文庫',
  '下載',
  '文檔簡介',
  '版權說明',
  '付費',
  '已閱讀',
  '最新文檔',
  '提交評論',
  '_第1頁',
  '0/150',
  '協議書',
]

describe('seed banks', () => {
  it.each([cert, interview])('$bank is the import of $seed plus exactly the listed hand edits', (seed) => {
    const { bank } = importSeed(seed)
    expect(applyHandEdits(bank, seedHandEdits[seed.options.id] ?? [])).toEqual(committedBank(seed))
  })

  it('certification: keys, counts and points match the paper and its answer section', () => {
    const bank = committedBank(cert)
    expect(shape(bank)).toEqual([
      ['single', 10, 10, 2],
      ['multiple', 8, 8, 3],
      ['true_false', 10, 10, 1],
      ['short_answer', 5, 5, 6],
      ['scenario', 2, 2, 10],
    ])
    expect(bank.sections.map((s) => s.title)).toEqual(['單選題', '多選題', '判斷題', '簡答題', '情景分析題'])
    expect(printedKeys(bank, 'single').join(',')).toBe('D,B,B,B,C,B,B,C,B,B')
    expect(printedKeys(bank, 'multiple')).toEqual(['ABD', 'ABC', 'AB', 'AB', 'AB', 'ABD', 'AB', 'BCD'])
    expect(printedKeys(bank, 'true_false').join('')).toBe('×××√××××√×')
    // Numbering restarts in each section.
    expect(bank.sections.map((s) => s.items[0]?.number)).toEqual(['1', '1', '1', '1', '1'])
    const scenarios = section(bank, 'scenario').items
    expect(scenarios.map((item) => (item.type === 'scenario' ? item.parts.map((part) => part.points) : []))).toEqual([
      [5, 5, 5],
      [5, 5, 5],
    ])
    expect(scenarios.map((item) => item.points)).toEqual([10, 10])
    expect(bank).toMatchObject({
      title: '2026年IT行業客戶服務技能認證試題',
      language: 'zh-Hant',
      duration_minutes: 90,
      multiple_scoring: 'partial',
    })
  })

  it('interview: keys, counts and points match the paper; numbering runs on from 1 to 34', () => {
    const bank = committedBank(interview)
    expect(shape(bank)).toEqual([
      ['single', 10, 10, 2],
      ['multiple', 5, 5, 3],
      ['true_false', 10, 10, 1],
      ['short_answer', 5, 5, 4],
      ['scenario', 4, 5, 6],
    ])
    expect(printedKeys(bank, 'single').join('')).toBe('BBBBBCBBCB')
    expect(printedKeys(bank, 'multiple')).toEqual(['ACD', 'ABD', 'ABC', 'BC', 'AC'])
    expect(printedKeys(bank, 'true_false').join('')).toBe('××××××××××')
    const numbers = bank.sections.flatMap((s) => s.items.map((item) => Number(item.number)))
    expect(numbers).toEqual(Array.from({ length: 34 }, (_, i) => i + 1))
    for (const item of section(bank, 'scenario').items) {
      expect(
        item.type === 'scenario' && item.parts.map((part) => [part.points, part.stem.startsWith('專員應如何')]),
      ).toEqual([[6, true]])
    }
    expect(bank.duration_minutes).toBe(60)
  })

  it.each([cert, interview])('$bank: no pinyin annotations and no site boilerplate left', (seed) => {
    const raw = readFileSync(seedFile(seed.seed), 'utf8')
    expect(raw).toMatch(PINYIN)
    const strings = allStrings(committedBank(seed))
    expect(strings.filter((s) => PINYIN.test(s))).toEqual([])
    for (const word of BOILERPLATE)
      expect(
        strings.filter((s) => s.includes(word)),
        word,
      ).toEqual([])
  })

  it('marks the cut-off items and keeps their text exactly up to where the source ends', () => {
    const certBank = committedBank(cert)
    const interviewBank = committedBank(interview)
    const truncated = (bank: Bank): string[] =>
      bank.sections.flatMap((s) => s.items.filter((item) => item.truncated).map((item) => item.id))
    expect(truncated(certBank)).toEqual(['short_answer-4', 'short_answer-5'])
    expect(truncated(interviewBank)).toEqual(['scenario-34'])
    expect(certBank.source?.truncated).toBe(true)
    expect(interviewBank.source?.truncated).toBe(true)

    const sourceEnd = (seed: SeedPaper): string =>
      readFileSync(seedFile(seed.seed), 'utf8')
        .split('\n')
        .find((line) => line.includes('一、'))
        ?.trimEnd()
        .slice(-6) ?? '?'
    const certCut = findItem(certBank, 'short_answer-4')
    expect(certCut.explanation?.endsWith(sourceEnd(cert))).toBe(true)
    expect(certCut.notes).toMatch(/cut off/)
    // Its answer-section entry never arrived: nothing is made up for it.
    const certMissing = findItem(certBank, 'short_answer-5')
    expect(certMissing.explanation).toBeUndefined()
    expect(certMissing.notes).toMatch(/entry .* is missing/)

    const interviewCut = findItem(interviewBank, 'scenario-34')
    const part = interviewCut.type === 'scenario' ? interviewCut.parts[0] : undefined
    expect(part?.type === 'short_answer' && part.reference_answer?.endsWith(sourceEnd(interview))).toBe(true)
    expect(part?.truncated).toBe(true)
    expect(interviewCut.notes).toMatch(/item 35 is missing/)
  })

  it('reports encoding damage, the guessed part boundary and the cut where they are in the raw papers', () => {
    const certImport = importSeed(cert)
    const interviewImport = importSeed(interview)
    const at = (diagnostics: typeof certImport.result.diagnostics, pattern: RegExp): [number, number][] =>
      diagnostics
        .filter((d) => pattern.test(d.message))
        .map((d) => {
          expect(d.severity).toBe('warning')
          return [d.line, d.column]
        })

    const raw = certImport.raw
    expect(at(certImport.result.diagnostics, /encoding damage/)).toEqual([
      position(raw, raw.indexOf('??蛻')),
      position(raw, raw.indexOf('??头')),
      position(raw, raw.indexOf('?!保')),
    ])
    expect(at(certImport.result.diagnostics, /part boundary was guessed/)).toEqual([
      position(raw, raw.indexOf('?)客服') + 2),
    ])
    expect(at(certImport.result.diagnostics, /cut off/)).toEqual([position(raw, raw.lastIndexOf('解決方案(') + 4)])

    const rawInterview = interviewImport.raw
    expect(at(interviewImport.result.diagnostics, /encoding damage/)).toEqual([
      position(rawInterview, rawInterview.indexOf('?,F')),
    ])
    expect(at(interviewImport.result.diagnostics, /cut off/)).toEqual([
      position(rawInterview, rawInterview.lastIndexOf('記錄客') + 2),
    ])
    expect(
      [...certImport.result.diagnostics, ...interviewImport.result.diagnostics].filter((d) => d.severity === 'error'),
    ).toEqual([])
  })
})
