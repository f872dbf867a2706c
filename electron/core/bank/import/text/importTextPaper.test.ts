import { describe, expect, it } from 'vitest'
import { bankSchema } from '../../schema'
import { ANSWER_SECTION_PAPER, INLINE_PAPER } from './testing/samplePapers'
import { imported, located, where } from './testing/textPaperKit'
import { importTextPaper } from './index'

describe('importTextPaper', () => {
  it('reads a Traditional paper with inline keys, dropping pinyin, page lists and the site footer', () => {
    const bank = imported(INLINE_PAPER, 'papers/Service Quiz.txt', { durationMinutes: 30 })
    expect(bank).toMatchObject({
      id: 'service-quiz',
      title: '客服培訓測驗',
      language: 'zh-Hant',
      duration_minutes: 30,
      source: { file: 'Service Quiz.txt' },
    })
    expect(bank.source?.truncated).toBeUndefined()
    expect(bank.sections).toEqual([
      {
        id: 'single',
        title: '單選題',
        declared: { count: 2, points_each: 2, total: 4 },
        items: [
          {
            id: 'single-1',
            number: '1',
            type: 'single',
            stem: '客戶投訴時，專員應先做什麼？',
            points: 2,
            options: { A: '傾聽', B: '反駁', C: '掛斷' },
            key: 'A',
            explanation: '先傾聽才能理解問題。',
          },
          {
            id: 'single-2',
            number: '2',
            type: 'single',
            stem: '以下哪項最重要?',
            points: 2,
            options: { A: '速度', B: '態度', C: '價格' },
            key: 'B',
          },
        ],
      },
      {
        id: 'multiple',
        title: '多選題',
        declared: { count: 1, points_each: 3, total: 3 },
        items: [
          {
            id: 'multiple-3',
            number: '3',
            type: 'multiple',
            stem: '哪些是好習慣?',
            points: 3,
            options: { A: '記錄', B: '跟進', C: '推諉', D: '確認' },
            key: ['A', 'B', 'D'],
            explanation: '推諉會損害信任。',
          },
        ],
      },
      {
        id: 'true_false',
        title: '判斷題',
        declared: { count: 2, points_each: 1, total: 2 },
        items: [
          { id: 'true_false-4', number: '4', type: 'true_false', stem: '客服可以推卸責任。', points: 1, key: false },
          {
            id: 'true_false-5',
            number: '5',
            type: 'true_false',
            stem: '記錄客戶需求很重要。',
            points: 1,
            key: true,
            explanation: '記錄便於跟進。',
          },
        ],
      },
      {
        id: 'short_answer',
        title: '簡答題',
        declared: { count: 1, points_each: 5, total: 5 },
        items: [
          {
            id: 'short_answer-6',
            number: '6',
            type: 'short_answer',
            stem: '簡述服務補救的原則。',
            points: 5,
            reference_answer: '1.快速響應;2.公平補償。',
          },
        ],
      },
      {
        id: 'scenario',
        title: '情景題',
        declared: { count: 1, points_each: 6, total: 6 },
        items: [
          {
            id: 'scenario-7',
            number: '7',
            type: 'scenario',
            stem: '客戶來電抱怨送貨延遲。',
            points: 6,
            parts: [
              {
                id: 'scenario-7.1',
                type: 'short_answer',
                stem: '專員應如何回應?',
                points: 6,
                reference_answer: '1.道歉;2.跟進。',
              },
            ],
          },
        ],
      },
    ])
  })

  it('reads a Simplified paper whose keys and explanations come in a trailing 答案与解析 section', () => {
    const result = importTextPaper(ANSWER_SECTION_PAPER, { file: 'skills-test.txt' })
    const bank = bankSchema.parse(result.bank)
    expect(bank).toMatchObject({
      id: 'skills-test',
      title: '2026年客服技能测试',
      language: 'zh-Hans',
      duration_minutes: 60,
    })
    expect(located(result, 'warning')).toEqual(['0:0 the paper states no exam duration; using 60 minutes'])
    const [single, trueFalse, shortAnswer, scenario] = bank.sections
    expect(single?.items).toEqual([
      {
        id: 'single-1',
        number: '1',
        type: 'single',
        stem: '客户情绪激动时应如何应对?',
        points: 2,
        options: { A: '保持沉默', B: '使用同理心语言', C: '立即挂断' },
        key: 'B',
        explanation: '同理心能降低防御。',
      },
      {
        id: 'single-2',
        number: '2',
        type: 'single',
        stem: '多渠道服务如何保证体验一致?',
        points: 2,
        options: { A: '统一工单系统', B: '各自记录' },
        key: 'A',
        explanation: '统一系统是基础。',
      },
    ])
    expect(
      trueFalse?.items.map((item) => [item.stem, item.type === 'true_false' && item.key, item.explanation]),
    ).toEqual([
      ['客服应立即道歉。', false, '先倾听再道歉。'],
      ['跨文化沟通需注意差异。', true, '文化差异客观存在。'],
    ])
    expect(shortAnswer?.items[0]).toMatchObject({
      reference_answer: '(1)倾听;(2)安抚;(3)解决。',
      explanation: '投诉处理三步法:倾听→安抚→解决。',
    })
    expect(scenario).toMatchObject({ id: 'scenario', title: '案例分析题' })
    expect(scenario?.items[0]).toEqual({
      id: 'scenario-1',
      number: '1',
      type: 'scenario',
      stem: '客户投诉网速慢。',
      points: 10,
      parts: [
        { id: 'scenario-1.1', type: 'short_answer', stem: '如何回应?', points: 5, reference_answer: '先道歉。' },
        { id: 'scenario-1.2', type: 'short_answer', stem: '如何跟进?', points: 5, reference_answer: '每日汇报。' },
      ],
    })
  })

  it('rejects a key that differs between the item and the answer section, at the answer-section entry', () => {
    const paper = ANSWER_SECTION_PAPER.replace('1.客服应立即道歉。()', '1.客服应立即道歉。(√)')
    const result = importTextPaper(paper, { file: 'skills-test.txt' })
    expect(result.bank).toBeUndefined()
    expect(located(result, 'error')).toEqual([
      `${where(paper, '1.×先倾听', 2)} answer section gives × for 二、判断题 item 1, but the item itself gives √`,
    ])
  })

  it('warns about encoding damage and a guessed scenario part boundary, keeping the text as it is', () => {
    const paper = ANSWER_SECTION_PAPER.replace('客户投诉网速慢。', '客户投诉网速慢??头l现。').replace(
      '先道歉。(2)',
      '先道歉?!保?)',
    )
    const result = importTextPaper(paper, { file: 'x.txt', durationMinutes: 60 })
    expect(located(result, 'warning')).toEqual([
      `${where(paper, '??头')} possible encoding damage (mojibake) in "诉网速慢??头l现": "?" or junk where characters were probably lost`,
      `${where(paper, '?!保')} possible encoding damage (mojibake) in ":先道歉?!保?)": "?" or junk where characters were probably lost`,
      `${where(paper, '如何跟进')} 四、案例分析题 item 1: sub-question (2) has no (2) marker; the part boundary was guessed at the last sentence end before its (5分)`,
    ])
    const scenario = result.bank?.sections[3]?.items[0]
    expect(scenario).toMatchObject({ stem: '客户投诉网速慢??头l现。' })
    expect(
      scenario?.type === 'scenario' &&
        scenario.parts.map((part) => [part.stem, part.type === 'short_answer' && part.reference_answer]),
    ).toEqual([
      ['如何回应?', '先道歉?!保?)'],
      ['如何跟进?', '每日汇报。'],
    ])
    expect(result.diagnostics.find((d) => d.message.includes('??头'))?.path).toBe('sections[3].items[0].stem')
  })

  it('takes id, title, language and scoring from the options when given', () => {
    const bank = imported(INLINE_PAPER, 'q.txt', {
      id: 'quiz-1',
      title: '自訂標題',
      language: 'zh-Hans',
      durationMinutes: 45,
      multipleScoring: 'partial',
    })
    expect(bank).toMatchObject({
      id: 'quiz-1',
      title: '自訂標題',
      language: 'zh-Hans',
      duration_minutes: 45,
      multiple_scoring: 'partial',
    })
  })
})
