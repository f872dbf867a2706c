import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../diagnostics'
import type { Section } from '../schema'
import {
  bankFrame,
  createIdAllocator,
  defaultSectionTitle,
  fileBaseName,
  finishBank,
  guessLanguage,
  slugify,
} from './bankDefaults'
import type { ImportOptions } from './types'

function frameOf(options: ImportOptions, input = 'Question?') {
  const diagnostics: Diagnostic[] = []
  return { frame: bankFrame(input, options, 'Moodle GIFT', diagnostics), diagnostics }
}

const section: Section = {
  id: 'questions',
  title: 'Questions',
  items: [{ id: 'q1', type: 'true_false', stem: 'The sky is blue.', points: 1, key: true }],
}

describe('guessLanguage', () => {
  it('reads Latin text as English', () => {
    expect(guessLanguage('What is the capital of France?')).toBe('en')
    expect(guessLanguage('')).toBe('en')
  })

  it('tells Traditional from Simplified Chinese by the characters only one script uses', () => {
    expect(guessLanguage('下列哪一個選項是正確的？')).toBe('zh-Hant')
    expect(guessLanguage('下列哪一个选项是正确的？')).toBe('zh-Hans')
    // Only characters both scripts share: Simplified is the default.
    expect(guessLanguage('中文')).toBe('zh-Hans')
  })

  it('follows the majority: a Simplified paper quoting one Traditional word stays Simplified', () => {
    expect(guessLanguage('这个问题说的是“國”字，请选择正确的读音。')).toBe('zh-Hans')
  })

  it('keeps an English paper that quotes a few Chinese words English, and a Chinese paper about English Chinese', () => {
    expect(guessLanguage('What does 你好 mean in English?')).toBe('en')
    expect(guessLanguage('下列哪個單詞是名詞？ A. apple B. run')).toBe('zh-Hant')
  })
})

describe('slugify and ids', () => {
  it('keeps ASCII letters and digits, folds accents and joins the rest with hyphens', () => {
    expect(slugify('  Unit 3: Café & Grammar!  ')).toBe('unit-3-cafe-grammar')
    expect(slugify('中國')).toBe('')
    expect(slugify('x'.repeat(100))).toHaveLength(64)
  })

  it('hands out each id once, suffixing repeats', () => {
    const take = createIdAllocator()
    expect([take('q1'), take('q1'), take('q1'), take('q2')]).toEqual(['q1', 'q1-2', 'q1-3', 'q2'])
  })

  it('takes the base name of POSIX and Windows paths', () => {
    expect(fileBaseName('papers/unit.gift')).toBe('unit.gift')
    expect(fileBaseName('C:\\papers\\unit.gift')).toBe('unit.gift')
  })
})

describe('bankFrame', () => {
  it('derives id and title from the file name, guesses the language and warns about the assumed duration', () => {
    const { frame, diagnostics } = frameOf({ file: 'papers/Unit 3 Review.aiken.txt' }, '這是什麼？')
    expect(frame).toEqual({
      format: 'invigil-bank/1',
      id: 'unit-3-review',
      title: 'Unit 3 Review',
      language: 'zh-Hant',
      duration_minutes: 60,
      source: { file: 'Unit 3 Review.aiken.txt', description: 'Imported from Moodle GIFT' },
    })
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        file: 'papers/Unit 3 Review.aiken.txt',
        line: 0,
        column: 0,
        path: '',
        message: 'Moodle GIFT states no exam duration; using 60 minutes',
        hint: 'pass --duration <minutes> to set it',
      },
    ])
  })

  it('uses the options when given, without a warning', () => {
    const options: ImportOptions = {
      file: 'x.gift',
      id: 'exam-1',
      title: 'Final',
      language: 'en',
      durationMinutes: 90,
      multipleScoring: 'partial',
    }
    const { frame, diagnostics } = frameOf(options)
    expect(frame).toMatchObject({
      id: 'exam-1',
      title: 'Final',
      language: 'en',
      duration_minutes: 90,
      multiple_scoring: 'partial',
    })
    expect(diagnostics).toEqual([])
    expect(defaultSectionTitle(options)).toBe('Final')
    expect(defaultSectionTitle({ file: 'x.gift' })).toBe('Questions')
  })

  it('falls back to a fixed id and title when the file name has nothing to use', () => {
    expect(frameOf({ file: '', durationMinutes: 5 }).frame).toMatchObject({ id: 'bank', title: 'Imported bank' })
    expect(frameOf({ file: '中文.gift', durationMinutes: 5 }).frame).toMatchObject({ id: 'bank', title: '中文' })
  })

  it('reports bad option values as whole-file errors with the flag to fix them', () => {
    const { diagnostics } = frameOf({ file: 'x.gift', id: '-bad id', language: 'chinese!', durationMinutes: 2.5 })
    expect(diagnostics.map((d) => [d.severity, d.line, d.column, d.message, d.hint])).toEqual([
      ['error', 0, 0, 'bank id "-bad id" is not a valid id', expect.stringContaining('--id')],
      ['error', 0, 0, 'language "chinese!" is not a BCP 47 tag', expect.stringContaining('--language')],
      [
        'error',
        0,
        0,
        'duration 2.5 is not a whole number of minutes above zero',
        expect.stringContaining('--duration'),
      ],
    ])
  })
})

describe('finishBank', () => {
  const { frame } = frameOf({ file: 'x.gift', durationMinutes: 30 })

  it('returns the bank when it passes the schema and the checks', () => {
    const result = finishBank(frame, [section], [], 'x.gift', 'hint')
    expect(result.bank?.sections).toEqual([section])
  })

  it('reports an empty import as a whole-file error', () => {
    expect(finishBank(frame, [], [], 'x.gift', 'write questions').diagnostics).toEqual([
      {
        severity: 'error',
        file: 'x.gift',
        line: 0,
        column: 0,
        path: '',
        message: 'found no questions to import',
        hint: 'write questions',
      },
    ])
  })

  it('returns no bank when an error was already reported', () => {
    const earlier: Diagnostic = { severity: 'error', file: 'x.gift', line: 3, column: 1, path: '', message: 'broken' }
    expect(finishBank(frame, [section], [earlier], 'x.gift', 'hint')).toEqual({ diagnostics: [earlier] })
  })

  it('turns a mapping bug (schema breach or colliding ids) into errors instead of returning a bad bank', () => {
    const blank = { ...section, items: [{ ...section.items[0], stem: ' ' }] } as Section
    const breach = finishBank(frame, [blank], [], 'x.gift', 'hint')
    expect(breach.bank).toBeUndefined()
    expect(breach.diagnostics.map((d) => [d.path, d.message])).toEqual([
      ['sections[0].items[0].stem', expect.stringContaining('breaks the schema')],
    ])

    const twice = finishBank(frame, [section, { ...section, id: 'more' }], [], 'x.gift', 'hint')
    expect(twice.bank).toBeUndefined()
    expect(twice.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('duplicate id "q1"')])
  })
})
