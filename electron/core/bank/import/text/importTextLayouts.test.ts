import { describe, expect, it } from 'vitest'
import { imported } from './testing/textPaperKit'

describe('importTextPaper on layout variants', () => {
  it('numbers a repeated section type -2, and finds the sub-questions after the 要求: that opens them', () => {
    const paper = [
      '測驗',
      '一、單選題(共1題,每題2分,合計2分)',
      '1.甲?A.是B.否參考答案:A',
      '二、單選題(共1題,每題2分,合計2分)',
      '1.乙?A.是B.否參考答案:B',
      '三、案例題(共1題,每題10分,合計10分)',
      '1.案例:客戶要求:立即退款。要求:（1）如何回應?（4分）答:先致歉。（2）如何跟進?（6分）答:回訪。',
    ].join('\n')
    const bank = imported(paper, 'x.txt', { durationMinutes: 10 })
    expect(bank.sections.map((s) => [s.id, s.items.map((item) => item.id)])).toEqual([
      ['single', ['single-1']],
      ['single-2', ['single-2-1']],
      ['scenario', ['scenario-1']],
    ])
    expect(bank.sections[2]?.items[0]).toMatchObject({
      stem: '客戶要求:立即退款。',
      parts: [
        { id: 'scenario-1.1', stem: '如何回應?', points: 4, reference_answer: '先致歉。' },
        { id: 'scenario-1.2', stem: '如何跟進?', points: 6, reference_answer: '回訪。' },
      ],
    })
  })
})
