import { describe, expect, it } from 'vitest'
import { originOf } from './mappedText'
import { findPaperBody, removePinyin } from './normalize'

describe('removePinyin', () => {
  it('drops tone-marked pinyin after a character and maps every kept character back to the input', () => {
    const input = '業(yè)務(wù)發(fā)展'
    const mapped = removePinyin(input)
    expect(mapped.text).toBe('業務發展')
    expect([...mapped.text].map((char, i) => input.charAt(originOf(mapped, i)) === char)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(originOf(mapped, mapped.text.length)).toBe(input.length)
  })

  it('keeps brackets that are not pinyin: no tone mark, capitals, marks, Chinese', () => {
    const input = '工具(如CRM)(VIP)(×)(√)(如郵件)(ab)（）'
    expect(removePinyin(input).text).toBe(input)
  })

  it('accepts full-width brackets and ü', () => {
    expect(removePinyin('綠（lǜ）色').text).toBe('綠色')
  })
})

describe('findPaperBody', () => {
  const page = [
    '客服測驗_第1頁',
    '已閱讀5頁,還剩10頁未讀, 繼續免費閱讀',
    '下載本文檔',
    '版權說明:本文檔由用戶提供並上傳',
    '文檔簡介',
    '客服測驗一、單選題(共1題,每題2分,合計2分)1.問題?A.甲B.乙',
    '客服測驗_第2頁',
    '參考答案:A',
    '溫馨提示',
    '1. 本站所有資源如無特殊說明,都需要本地電腦安裝OFFICE2007',
  ].join('\n')

  it('starts at the first heading, skips page lists in between and stops at the site footer', () => {
    const paper = findPaperBody(removePinyin(page))
    expect(paper?.body.text).toBe('一、單選題(共1題,每題2分,合計2分)1.問題?A.甲B.乙\n參考答案:A\n')
    expect(paper?.title).toEqual({ text: '客服測驗', offset: page.indexOf('客服測驗一、') })
    expect(originOf(paper?.body ?? { text: '', origin: [] }, 0)).toBe(page.indexOf('一、'))
  })

  it('takes the title from the nearest earlier line that is not boilerplate when the heading starts its line', () => {
    const paper = findPaperBody(removePinyin('測驗標題\n文檔簡介\n一、判斷題(共1題,每題1分,合計1分)\n1.對嗎?(√)'))
    expect(paper?.title?.text).toBe('測驗標題')
  })

  it('finds nothing without a 一、 heading', () => {
    expect(findPaperBody(removePinyin('二、單選題(共1題)\n1.x'))).toBeUndefined()
  })
})
