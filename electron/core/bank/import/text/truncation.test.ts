import { describe, expect, it } from 'vitest'
import { ANSWER_SECTION_PAPER, INLINE_PAPER } from './testing/samplePapers'
import { located, where } from './testing/textPaperKit'
import { importTextPaper } from './index'

// A paper cut off mid-item (a download that stopped, a copy that missed the end): truncation.ts marks what is cut.
describe('importTextPaper: a paper cut off', () => {
  it('marks the item the text ends in as truncated, keeps what is there and says what is missing', () => {
    const paper = INLINE_PAPER.slice(0, INLINE_PAPER.indexOf('2.跟進'))
    const result = importTextPaper(paper, { file: 'quiz.txt', durationMinutes: 30 })
    const scenario = result.bank?.sections[4]?.items[0]
    expect(scenario).toMatchObject({ truncated: true, notes: expect.stringMatching(/cut off inside this item/) })
    expect(scenario?.type === 'scenario' && scenario.parts[0]).toMatchObject({
      reference_answer: '1.道歉;',
      truncated: true,
    })
    expect(result.bank?.source).toMatchObject({ truncated: true, notes: expect.stringMatching(/情景題 item 7/) })
    expect(located(result, 'warning')).toEqual([
      `${where(paper, '1.道歉;', 4)} the paper is cut off here, inside 五、情景題 item 7; marked as truncated: scenario-7`,
    ])
  })

  it('marks items whose answer-section entries the cut left out, without inventing them', () => {
    const paper = `${ANSWER_SECTION_PAPER.replace(
      '1.简述投诉处理步骤。',
      '1.简述投诉处理步骤。答:倾听。2.简述回访要点。',
    )
      .replace('(共1题,每题5分,合计5分)', '(共2题,每题5分,合计10分)')
      .slice(0, ANSWER_SECTION_PAPER.length + 10)}`
    const cut = paper.slice(0, paper.indexOf('倾听→安') + 4)
    const bank = importTextPaper(cut, { file: 'x.txt' }).bank
    expect(bank?.sections[2]?.items.map((item) => [item.truncated, item.explanation])).toEqual([
      [true, '投诉处理三步法:倾听→安'],
      [true, undefined],
    ])
  })
})
