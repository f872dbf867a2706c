import { describe, expect, it } from 'vitest'
import { findMojibake, printable } from './mojibake'

const spotStarts = (text: string): number[] => findMojibake(text).map(({ start }) => start)

describe('findMojibake', () => {
  it.each([
    ['如何確??蛻趔w驗一致性', '??'],
    ['偶爾忘記客戶需求是正?,F象。', '?,'],
    ['給您造成不便深感抱歉?!保?)客服', '?!'],
    ['要求客服立即解決??头\uE477l現該問題', '??'],
    ['可能?x損壞', '?x'],
    ['客服已解決?客服發現', '?客'],
    ['頁面\uFFFD損壞', '\uFFFD'],
  ])('flags one damaged spot in %s, where %s starts', (text, start) => {
    expect(spotStarts(text)).toEqual([text.indexOf(start)])
  })

  it.each([
    '以下哪項原則?()A.盡快',
    '以下哪種做法最符合原則?A.立即打斷',
    '專員應如何處理?參考答案:1.確認',
    '如何平衡?答:(1)同理心',
    '如確認理解“您是說……?”),沉默',
    '您是因為XX問題生氣,對嗎?”);3.承認',
    '客戶會滿意嗎?請說明理由。',
    '應如何回應客戶?(5分)答:',
  ])('leaves real question marks alone: %s', (text) => {
    expect(findMojibake(text)).toEqual([])
  })

  it('shows invisible damage as an escape in messages', () => {
    expect(printable('头\uE477l')).toBe('头\\uE477l')
  })
})
