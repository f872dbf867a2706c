import { describe, expect, it } from 'vitest'
import { findAnswerSection, headingAt, numeralFor, numeralValue } from './headings'
import { findMarker, markerAt, splitNumbered } from './numbering'

describe('section headings', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十一', 21],
    ['十十', undefined],
    ['零', undefined],
  ])('reads the numeral %s as %s', (numeral, value) => {
    expect(numeralValue(numeral)).toBe(value)
    if (value !== undefined) expect(numeralFor(value)).toBe(numeral)
  })

  it.each([
    ['一、單選題(共10題,每題2分,合計20分)1.', '單選題', 'single', { count: 10, points_each: 2, total: 20 }],
    ['二、多選題（共5題，每題3分，共15分）11.', '多選題', 'multiple', { count: 5, points_each: 3, total: 15 }],
    ['三、判断题(共10题,每题1分,合计10分)1.', '判断题', 'true_false', { count: 10, points_each: 1, total: 10 }],
    ['四、简答题(共5题,每题4分,共20分)', '简答题', 'short_answer', { count: 5, points_each: 4, total: 20 }],
    ['五、情景分析題(共2題,每題10分,合計20分)', '情景分析題', 'scenario', { count: 2, points_each: 10, total: 20 }],
    ['六、案例題(共1題,每題7.5分)', '案例題', 'scenario', { count: 1, points_each: 7.5 }],
  ])('reads %s', (text, title, type, declared) => {
    const heading = headingAt(text, 0)
    expect(heading).toMatchObject({ title, type, declared, start: 0 })
    expect(text.slice(heading?.end)).toMatch(/^(\d+\.)?$/)
  })

  it('reads a heading without a declaration, and leaves a bracket that declares nothing out of it', () => {
    expect(headingAt('一、單選題1.D', 0)).toMatchObject({ title: '單選題', end: 5 })
    expect(headingAt('一、單選題(請作答)1.', 0)).toMatchObject({ end: 5 })
    expect(headingAt('一、單選題(請作答)1.', 0)?.declared).toBeUndefined()
  })

  it('names no type for an unknown section', () => {
    expect(headingAt('二、填空題(共1題,每題2分,合計2分)', 0)).toMatchObject({ title: '填空題' })
    expect(headingAt('二、填空題(共1題,每題2分,合計2分)', 0)?.type).toBeUndefined()
  })

  it('finds the answer section only where a 一、 heading (or the end) follows it', () => {
    const text = '1.見答案與解析部分。2.x答案與解析一、單選題1.D'
    expect(findAnswerSection(text, 0)).toEqual({
      start: text.lastIndexOf('答案與解析'),
      contentStart: text.indexOf('一、'),
    })
    expect(findAnswerSection('…答案与解析', 0)).toEqual({ start: 1, contentStart: 6 })
  })
})

describe('item numbering', () => {
  it('reads N. N． N、 but not a longer number or a decimal', () => {
    expect(markerAt('1.x', 1, 0)).toEqual({ number: 1, start: 0, contentStart: 2 })
    expect(markerAt('3．x', 3, 0)?.contentStart).toBe(2)
    expect(markerAt('3、x', 3, 0)?.contentStart).toBe(2)
    expect(markerAt('12.x', 2, 1)).toBeUndefined()
    expect(markerAt('約2.5小時', 2, 1)).toBeUndefined()
  })

  it('ends each entry at the next expected number, so numbered lists inside answers stay whole', () => {
    const text = '26.步驟?參考答案:1.冷靜;2.傾聽;27.判斷?參考答案:1.超標;2.重複。'
    const first = findMarker(text, 26, { start: 0, end: text.length })
    if (!first) throw new Error('no first marker')
    const entries = splitNumbered(text, first, text.length)
    expect(entries.map((e) => [e.number, text.slice(e.contentStart, e.end)])).toEqual([
      [26, '步驟?參考答案:1.冷靜;2.傾聽;'],
      [27, '判斷?參考答案:1.超標;2.重複。'],
    ])
  })

  it('splits a number off the digits before it only while the count still expects it, and marks it glued', () => {
    const text = '1.端口?D.port 80802.地址?D.10.0.0.13.版本?D.2026年3.0版'
    const first = markerAt(text, 1, 0)
    if (!first) throw new Error('no first marker')
    const entries = splitNumbered(text, first, text.length, 3)
    expect(entries.map((e) => [e.number, text.slice(e.contentStart, e.end), e.glued ?? false])).toEqual([
      [1, '端口?D.port 8080', false],
      [2, '地址?D.10.0.0.1', true],
      [3, '版本?D.2026年3.0版', true],
    ])
    expect(splitNumbered(text, first, text.length).map((e) => e.number)).toEqual([1])
  })
})
