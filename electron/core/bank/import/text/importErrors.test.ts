import { describe, expect, it } from 'vitest'
import { importTextPaper } from './index'

/** 1-based line:column of `needle` (plus `offset`), counted independently of the importer. */
function where(text: string, needle: string, offset = 0): string {
  const found = text.indexOf(needle)
  expect(found, needle).toBeGreaterThanOrEqual(0)
  const before = text.slice(0, found + offset)
  return `${before.split('\n').length}:${found + offset - before.lastIndexOf('\n')}`
}

/** The paper's errors as line:column message; it must come back without a bank. */
function errors(paper: string): string[] {
  const result = importTextPaper(paper, { file: 'bad.txt', durationMinutes: 60 })
  expect(result.bank).toBeUndefined()
  for (const d of result.diagnostics) expect(d.file).toBe('bad.txt')
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`)
}

const GOOD = [
  '測驗',
  '一、單選題(共2題,每題2分,合計4分)',
  '1.哪項正確?()A.甲B.乙C.丙參考答案:A',
  '2.哪項錯誤?()A.甲B.乙C.丙參考答案:B',
  '二、判斷題(共1題,每題1分,合計1分)',
  '3.天是藍的。(√)',
].join('\n')

describe('importTextPaper on malformed papers', () => {
  it('accepts the well-formed base paper', () => {
    expect(importTextPaper(GOOD, { file: 'good.txt', durationMinutes: 60 }).bank).toBeDefined()
  })

  it('reports a paper with no section heading at its first line', () => {
    expect(errors('\n  只是一些文字\n1.甚麼?')).toEqual([
      '2:3 found no section heading; expected a line with a numbered heading such as 一、單選題(共10題,每題2分,合計20分)',
    ])
  })

  it('reports a choice item without options where they were expected', () => {
    const paper = GOOD.replace('2.哪項錯誤?()A.甲B.乙C.丙參考答案:B', '2.哪項錯誤?()參考答案:B')
    expect(errors(paper)).toEqual([
      `${where(paper, '哪項錯誤?()', 7)} 一、單選題 item 2 has no options; expected options A.… B.… after its question`,
    ])
  })

  it('reports a missing key when there is no answer section', () => {
    const paper = GOOD.replace('參考答案:B', '')
    expect(errors(paper)).toEqual([`${where(paper, '2.哪項錯誤')} 一、單選題 item 2 has no key`])
  })

  it('locates errors by line in papers saved with CRLF or old-Mac CR line endings', () => {
    const paper = GOOD.replace('參考答案:B', '')
    for (const lineBreak of ['\r\n', '\r']) {
      expect(errors(paper.replaceAll('\n', lineBreak))).toEqual([
        `${where(paper, '2.哪項錯誤')} 一、單選題 item 2 has no key`,
      ])
    }
  })

  it('reports a true/false item with no mark and no answer section', () => {
    const paper = GOOD.replace('(√)', '')
    expect(errors(paper)).toEqual([`${where(paper, '3.天')} 二、判斷題 item 3 has no answer`])
  })

  it('reports an unknown section type at its name', () => {
    const paper = GOOD.replace('二、判斷題', '二、填空題')
    expect(errors(paper)).toEqual([
      `${where(paper, '填空題')} unknown section type "填空題"; expected 單選題, 多選題, 判斷題, 簡答題, 情景題 or 案例題 (or their Simplified forms)`,
    ])
  })

  it('reports a section heading out of order', () => {
    const paper = GOOD.replace('二、判斷題', '三、判斷題')
    expect(errors(paper)).toEqual([
      `${where(paper, '三、')} section heading 三、判斷題 is out of order; expected 二、 here`,
    ])
  })

  it('reports a numbering gap at the number that came too early', () => {
    const paper = GOOD.replace('一、單選題(共2題', '一、單選題(共3題')
      .replace('2.哪項錯誤', '3.哪項錯誤')
      .replace('3.天', '4.天')
    expect(errors(paper)).toEqual([`${where(paper, '3.哪項錯誤')} 一、單選題: expected item 2 before item 3`])
  })

  it('reports text where the first item of a section was expected', () => {
    const paper = GOOD.replace('3.天是藍的。', '天是藍的。')
    expect(errors(paper)).toEqual([
      `${where(paper, '天是藍的')} expected item 1 or 3 right after the heading 二、判斷題; found "天是藍的。(√)"`,
    ])
  })

  it('reports a single-choice key with two letters, and a key naming no option, at the key', () => {
    const paper = GOOD.replace('參考答案:A', '參考答案:A、B').replace('參考答案:B', '參考答案:E')
    expect(errors(paper)).toEqual([
      `${where(paper, 'A、B')} 一、單選題 item 1: it is single choice but its key names A、B`,
      `${where(paper, ':E', 1)} 一、單選題 item 2: its key names option E, which it does not have`,
    ])
  })

  it('reports a scenario with neither 要求: nor 問題:', () => {
    const paper = `${GOOD}\n三、情景題(共1題,每題6分,共6分)\n4.情景:客戶來電。參考答案:道歉。`
    expect(errors(paper)).toEqual([
      `${where(paper, '情景:客戶')} 三、情景題 item 4 has no questions; expected 要求:(1)…(5分)答:… or 問題:…參考答案:… after the scenario`,
    ])
  })

  it('reports a heading that states no points per item', () => {
    const paper = GOOD.replace('(共1題,每題1分,合計1分)', '')
    expect(errors(paper)).toEqual([`${where(paper, '判斷題', 3)} the heading 二、判斷題 states no points per item`])
  })

  it('reports an answer-section entry for an item the section does not have', () => {
    const paper = `${GOOD.replace('(√)', '')}\n答案與解析\n一、單選題\n1.A\n2.B\n二、判斷題\n1.√\n2.×`
    expect(errors(paper)).toEqual([
      `${where(paper, '2.×')} answer section 二、判斷題 has entry 2 but the section has no such item`,
    ])
  })
})
