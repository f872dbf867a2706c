import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../diagnostics'
import { bankSchema } from '../schema'
import { importAiken } from './aiken'

const fixture = (name: string): string =>
  readFileSync(resolve(import.meta.dirname, '../../../../test/fixtures/import', name), 'utf8')
const importText = (text: string) => importAiken(text, { file: 'paper.txt', durationMinutes: 30 })
const errors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error')
const located = (diagnostics: Diagnostic[]) => errors(diagnostics).map((d) => [`${d.line}:${d.column}`, d.message])

describe('importAiken: sample.aiken.txt', () => {
  const result = importAiken(fixture('sample.aiken.txt'), {
    file: 'test/fixtures/import/sample.aiken.txt',
    language: 'zh-Hant',
  })

  it('imports every question as single choice worth 1 point, in one section, passing the schema', () => {
    expect(result.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['warning', 'Aiken states no exam duration; using 60 minutes'],
    ])
    expect(() => bankSchema.parse(result.bank)).not.toThrow()
    expect(result.bank).toMatchObject({
      id: 'sample',
      title: 'sample',
      language: 'zh-Hant',
      duration_minutes: 60,
      source: { file: 'sample.aiken.txt' },
    })
    expect(result.bank?.sections).toEqual([
      {
        id: 'questions',
        title: 'Questions',
        items: [
          {
            id: 'q1',
            type: 'single',
            stem: 'What is the capital of France?',
            points: 1,
            options: { A: 'Lyon', B: 'Paris', C: 'Marseille' },
            key: 'B',
          },
          {
            id: 'q2',
            type: 'single',
            stem: 'Which planet is closest to the Sun?',
            points: 1,
            options: { A: 'Venus', B: 'Mercury', C: 'Mars', D: 'Earth' },
            key: 'B',
          },
          // Follows the previous ANSWER line directly, with no blank line between.
          {
            id: 'q3',
            type: 'single',
            stem: 'Which language runs in web browsers?',
            points: 1,
            options: { A: 'COBOL', B: 'JavaScript' },
            key: 'B',
          },
          // Full-width letters and marks: Ａ．上海 ... ANSWER: Ｂ
          {
            id: 'q4',
            type: 'single',
            stem: '中國的首都是哪個城市？',
            points: 1,
            options: { A: '上海', B: '北京', C: '廣州' },
            key: 'B',
          },
          {
            id: 'q5',
            type: 'single',
            stem: '下列哪一個是質數？',
            points: 1,
            options: { A: '4', B: '6', C: '7' },
            key: 'C',
          },
        ],
      },
    ])
  })
})

describe('importAiken: malformed.aiken.txt', () => {
  const result = importAiken(fixture('malformed.aiken.txt'), { file: 'malformed.aiken.txt', durationMinutes: 30 })

  it('reports each broken question at its line:column and returns no bank', () => {
    expect(result.bank).toBeUndefined()
    expect(located(result.diagnostics)).toEqual([
      // A question followed by the next one without an ANSWER line: reported at the question's first line.
      ['1:1', 'question has no ANSWER line'],
      ['12:1', 'expected option B, found C'],
      ['19:9', 'Aiken allows one answer per question, found "A, B"'],
      ['24:9', 'ANSWER names D, but the options are A, B'],
      // The last question runs into the end of the file.
      ['26:1', 'question has no ANSWER line'],
    ])
    expect(errors(result.diagnostics).every((d) => d.file === 'malformed.aiken.txt' && d.hint)).toBe(true)
  })

  it('keeps reading after a missing ANSWER: the next question is still checked', () => {
    // Lines 5-8 form the second question; had they been swallowed, its options would have been reported too.
    expect(errors(result.diagnostics).some((d) => d.line >= 5 && d.line <= 8)).toBe(false)
  })
})

describe('importAiken: edge cases', () => {
  it('joins several question lines into one stem', () => {
    const result = importText('Read the code:\nlet x = 1\nWhat is x?\nA. 1\nB. 2\nANSWER: A')
    expect(result.bank?.sections[0]?.items[0]).toMatchObject({
      stem: 'Read the code:\nlet x = 1\nWhat is x?',
      key: 'A',
    })
  })

  it('keeps a question line that merely starts like an option ("A.I. ...") as text', () => {
    const result = importText('A.I. is short for?\nA) Artificial intelligence\nB) Apple inc.\nANSWER: A')
    expect(result.bank?.sections[0]?.items[0]).toMatchObject({
      stem: 'A.I. is short for?',
      options: { A: 'Artificial intelligence', B: 'Apple inc.' },
    })
  })

  it('reports an ANSWER or an option without a question, an empty option and a lone option', () => {
    const result = importText(
      'ANSWER: A\n\nA. orphan\nB. options\nANSWER: A\n\nQ?\nA.\nB. b\nANSWER: B\n\nOnly one?\nA. yes\nANSWER: A',
    )
    expect(located(result.diagnostics)).toEqual([
      ['1:1', 'ANSWER line without a question'],
      ['3:1', 'option A has no question before it'],
      ['8:1', 'option A has no text'],
      // At the ANSWER line, where the options ended too soon, as Moodle locates it.
      ['14:1', 'question has 1 option(s); Aiken needs at least 2'],
    ])
  })

  it('reads options without a space after the mark, as Moodle does (A)Wrong), abbreviations still as text', () => {
    const result = importText(
      'Which is right?\nA)Wrong\nB)Right\nC.Also wrong\nANSWER: B\n\nE.g. this?\nA) x\nB) y\nANSWER: A',
    )
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(result.bank?.sections[0]?.items).toMatchObject([
      { stem: 'Which is right?', options: { A: 'Wrong', B: 'Right', C: 'Also wrong' }, key: 'B' },
      { stem: 'E.g. this?', options: { A: 'x', B: 'y' }, key: 'A' },
    ])
  })

  it("locates each error of a file built like Moodle's Aiken error fixture on the line that has it", () => {
    const paper = [
      'Capital of Peru?',
      'A) Lima',
      'ANSWER: A', // 3: too few options, where the options ended
      '',
      'A) An option with no question', // 5
      '',
      'ANSWER: An answer with no question', // 7: the value is no letter; line 5's error is not repeated here
      '',
      'Largest planet?',
      'A) Jupiter',
      'B) Mars',
      'ANSWER: A',
      '',
      'Left unfinished?', // 14: the question that never gets its ANSWER
      'A) Yes',
      'B) No',
      '',
      'Options without a space?',
      'A)Wrong',
      'B)Right',
      'ANSWER: B',
    ].join('\n')
    expect(located(importText(paper).diagnostics)).toEqual([
      ['3:1', 'question has 1 option(s); Aiken needs at least 2'],
      ['5:1', 'option A has no question before it'],
      ['7:9', 'ANSWER must be one option letter, found "An answer with no question"'],
      ['14:1', 'question has no ANSWER line'],
    ])
  })

  it('reports an ANSWER that is not a letter, at the value', () => {
    expect(located(importText('Q?\nA. a\nB. b\nANSWER: yes').diagnostics)).toEqual([
      ['4:9', 'ANSWER must be one option letter, found "yes"'],
    ])
    expect(located(importText('Q?\nA. a\nB. b\nANSWER:').diagnostics)).toEqual([['4:8', 'ANSWER names no option']])
  })

  it('locates errors in CRLF files and indented lines', () => {
    expect(located(importText('Q?\r\n  A. a\r\n  C. c\r\nANSWER: A\r\n').diagnostics)).toEqual([
      ['3:3', 'expected option B, found C'],
    ])
  })

  it('reads files with old-Mac CR line endings, and locates their errors by line', () => {
    const result = importText('First?\rA. a\rB. b\rANSWER: B\r\rSecond?\r  A. a\r  C. c\rANSWER: A\r')
    expect(located(result.diagnostics)).toEqual([['8:3', 'expected option B, found C']])
    const good = importText('Q?\rA. a\rB. b\rANSWER: B\r')
    expect(good.bank?.sections[0]?.items).toMatchObject([{ stem: 'Q?', options: { A: 'a', B: 'b' }, key: 'B' }])
  })

  it('never throws or stalls on pathological input', () => {
    const started = Date.now()
    for (const input of [
      '',
      '\n\n',
      'ANSWER:',
      'A.',
      'Ａ．',
      `Q\n${'A. x\n'.repeat(5000)}`,
      `ANSWER: ${'A,'.repeat(20000)}`,
      '\uD800\nA. \u0000\nB. b\nANSWER: B',
    ]) {
      const result = importText(input)
      expect(result.diagnostics.every((d) => d.message.length > 0 && d.line >= 0 && d.column >= 0)).toBe(true)
      if (result.bank) expect(() => bankSchema.parse(result.bank)).not.toThrow()
    }
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
