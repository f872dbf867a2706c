import { describe, expect, it } from 'vitest'
import { findOptions } from './options'

const whole = (text: string): { start: number; end: number } => ({ start: 0, end: text.length })

/** Letter, text and whether the split was a guess, for each option found. */
function read(text: string): [string, string, boolean][] {
  const { options, glued } = findOptions(text, whole(text))
  return options.map((option) => [
    option.letter,
    option.text.map((span) => text.slice(span.start, span.end)).join(''),
    glued.includes(option),
  ])
}

describe('findOptions', () => {
  it('splits Latin options by letter order, sure where a space or CJK text comes before the letter', () => {
    expect(read('哪個協議?A.HTTP B.DNS C.FTP D.SMTP')).toEqual([
      ['A', 'HTTP ', false],
      ['B', 'DNS ', false],
      ['C', 'FTP ', false],
      ['D', 'SMTP', false],
    ])
    expect(read('A類地址?A.192.168.1.1 B.10.0.0.1')).toEqual([
      ['A', '192.168.1.1 ', false],
      ['B', '10.0.0.1', false],
    ])
    expect(read('端口?A.TCP 80 B.UDP 53')).toEqual([
      ['A', 'TCP 80 ', false],
      ['B', 'UDP 53', false],
    ])
    expect(read('甲?A.是B.否')).toEqual([
      ['A', '是', false],
      ['B', '否', false],
    ])
  })

  it('takes a letter run into Latin text or digits when the letter order expects it, and marks the guess', () => {
    expect(read('郵件?A.HTTPB.DNSC.FTPD.SMTP')).toEqual([
      ['A', 'HTTP', false],
      ['B', 'DNS', true],
      ['C', 'FTP', true],
      ['D', 'SMTP', true],
    ])
    expect(read('新版本?A.IPv4B.IPv6')).toEqual([
      ['A', 'IPv4', false],
      ['B', 'IPv6', true],
    ])
  })

  it('prefers a letter after a space to one run into Latin text', () => {
    expect(read('?A.Plan B.HTTPC.x C.y')).toEqual([
      ['A', 'Plan ', false],
      ['B', 'HTTPC.x ', false],
      ['C', 'y', false],
    ])
  })

  it('never reads SLA. in a question as option A', () => {
    expect(read('服務SLA.是什麼?')).toEqual([])
    expect(read('服務SLA.是什麼?A.協議B.合同')).toEqual([
      ['A', '協議', false],
      ['B', '合同', false],
    ])
  })
})
