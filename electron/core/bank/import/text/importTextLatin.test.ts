import { describe, expect, it } from 'vitest'
import type { Bank } from '../../schema'
import { imported, located, where } from './testing/textPaperKit'
import { importTextPaper } from './index'

// IT papers: options in Latin words, acronyms, addresses and ports, laid out like the seeds (keys in a trailing
// 答案與解析 section, items and options run together), split by what the layout promises: A, B, C… and 1, 2, 3….

const PROTOCOL_PAPER = [
  '網絡基礎測驗',
  '一、單選題(共5題,每題2分,合計10分)',
  '1.哪個協議負責域名解析?()A.HTTP B.DNS C.FTP D.SMTP',
  '2.哪個是A類私有地址?()A.192.168.1.1 B.10.0.0.1',
  '3.DNS查詢通常使用?()A.TCP 80 B.UDP 53',
  '4.哪個協議傳送郵件?()A.HTTPB.DNSC.FTPD.SMTP',
  '5.哪個版本的地址是128位?()A.IPv4B.IPv6',
  '答案與解析',
  '一、單選題',
  '1.BDNS把域名解析為地址。',
  '2.B',
  '3.B',
  '4.D',
  '5.B',
].join('\n')

const optionsOf = (bank: Bank): Record<string, string>[] =>
  bank.sections.flatMap((section) => section.items.map((item) => ('options' in item ? item.options : {})))

describe('importTextPaper on papers with Latin and numeric options', () => {
  it('splits acronyms, addresses and ports by letter order', () => {
    const bank = imported(PROTOCOL_PAPER, 'papers/network.txt', { durationMinutes: 20 })
    const protocols = { A: 'HTTP', B: 'DNS', C: 'FTP', D: 'SMTP' }
    expect(optionsOf(bank)).toEqual([
      protocols,
      { A: '192.168.1.1', B: '10.0.0.1' },
      { A: 'TCP 80', B: 'UDP 53' },
      protocols,
      { A: 'IPv4', B: 'IPv6' },
    ])
    expect(bank.sections[0]?.items.map((item) => item.type === 'single' && item.key).join('')).toBe('BBBDB')
    expect(bank.sections[0]?.items[1]?.stem).toBe('哪個是A類私有地址?')
    // A single-choice key is one letter, so 1.BDNS… is B with an explanation that starts DNS.
    expect(bank.sections[0]?.items[0]?.explanation).toBe('DNS把域名解析為地址。')
  })

  it('warns, at file:line:column, where an option letter runs into Latin text or digits', () => {
    const result = importTextPaper(PROTOCOL_PAPER, { file: 'papers/network.txt', durationMinutes: 20 })
    expect(located(result, 'error')).toEqual([])
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning')
    expect(warnings.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      `papers/network.txt:${where(PROTOCOL_PAPER, 'B.DNSC')}`,
      `papers/network.txt:${where(PROTOCOL_PAPER, 'B.IPv6')}`,
    ])
    expect(warnings[0]?.message).toBe(
      '一、單選題 item 4: options B, C, D follow Latin text or digits directly ("A.HTTPB.DNSC"), ' +
        'so where the option before ends is a guess; split by letter order as A.HTTP | B.DNS | C.FTP | D.SMTP',
    )
    expect(warnings[1]?.message).toMatch(
      /^一、單選題 item 5: option B follows Latin text or digits directly .* A\.IPv4 \| B\.IPv6$/,
    )
  })
})

describe('importTextPaper where a key runs on into a Latin explanation', () => {
  it('cuts a single-choice key to one letter, and warns where a multiple-choice key may end', () => {
    const paper = [
      '網絡測驗',
      '一、單選題(共1題,每題2分,合計2分)',
      '1.哪個協議解析域名?A.HTTP B.DNS C.FTP D.SMTP參考答案:BDNS負責解析。',
      '二、多選題(共1題,每題3分,合計3分)',
      '2.哪些是傳輸層協議?A.TCP B.UDP C.IP D.ICMP',
      '答案與解析',
      '一、單選題',
      '1.B',
      '二、多選題',
      '2.ABTCP與UDP都在傳輸層。',
    ].join('\n')
    const result = importTextPaper(paper, { file: 'keys.txt', durationMinutes: 10 })
    expect(located(result, 'warning')).toEqual([
      `${where(paper, 'ABTCP')} 二、多選題 item 2: the key runs on into Latin text or digits ("ABTCP與UD"), ` +
        'so where it ends is a guess; read as A、B',
    ])
    const [single, multiple] = imported(paper, 'keys.txt', { durationMinutes: 10 }).sections.map((s) => s.items[0])
    expect(single).toMatchObject({ key: 'B', explanation: 'DNS負責解析。' })
    expect(multiple).toMatchObject({ key: ['A', 'B'], explanation: 'TCP與UDP都在傳輸層。' })
  })
})

/** Ten plain items, then item 11 whose last option ends in a port, `between` it and item 12. */
function portPaper(between: string): string {
  const plain = Array.from({ length: 10 }, (_, i) => `${i + 1}.第${i + 1}題?A.是B.否`)
  return [
    '網絡端口測驗',
    '一、單選題(共12題,每題1分,合計12分)',
    ...plain,
    `11.HTTP代理常用哪個端口?()A.port 21 B.port 25 C.port 110 D.port 8080${between}12.下列哪個端口屬於HTTPS?()A.port 443 B.port 22`,
    '答案與解析',
    '一、單選題',
    ...Array.from({ length: 10 }, (_, i) => `${i + 1}.A`),
    `11.D代理常用8080${between}12.A`,
  ].join('\n')
}

describe('importTextPaper where an option ends in digits right before the next item number', () => {
  it.each([
    ['a space', ' '],
    ['a line break', '\n'],
  ])('reads item 12 after %s without a warning', (_, between) => {
    const paper = portPaper(between)
    const result = importTextPaper(paper, { file: 'ports.txt', durationMinutes: 10 })
    expect(located(result, 'error')).toEqual([])
    expect(located(result, 'warning')).toEqual([])
    const items = imported(paper, 'ports.txt', { durationMinutes: 10 }).sections[0]?.items ?? []
    expect(items.slice(10)).toMatchObject([
      { id: 'single-11', options: { D: 'port 8080' }, key: 'D', explanation: '代理常用8080' },
      { id: 'single-12', stem: '下列哪個端口屬於HTTPS?', options: { A: 'port 443', B: 'port 22' }, key: 'A' },
    ])
  })

  it('splits item 12 off 808012. by number order, and says so where it did', () => {
    const paper = portPaper('')
    const result = importTextPaper(paper, { file: 'ports.txt', durationMinutes: 10 })
    expect(located(result, 'error')).toEqual([])
    expect(located(result, 'warning')).toEqual([
      `${where(paper, '12.下列')} 一、單選題 item 12 follows a digit directly ("t 808012.下列哪個"), so where 一、單選題 item 11 ends is a guess; split by number order`,
      `${where(paper, '12.A')} answer section 一、單選題 entry 12 follows a digit directly ("常用808012.A"), so where answer section 一、單選題 entry 11 ends is a guess; split by number order`,
    ])
    const items = imported(paper, 'ports.txt', { durationMinutes: 10 }).sections[0]?.items ?? []
    expect(items.slice(10)).toMatchObject([
      { id: 'single-11', options: { D: 'port 8080' }, key: 'D', explanation: '代理常用8080' },
      { id: 'single-12', stem: '下列哪個端口屬於HTTPS?', options: { A: 'port 443', B: 'port 22' }, key: 'A' },
    ])
  })

  it('never splits off a number the paper does not expect', () => {
    const paper = [
      '測驗',
      '一、單選題(共1題,每題1分,合計1分)',
      '1.哪個端口?A.port 21 B.port 8080',
      '答案與解析',
      '一、單選題',
      '1.B代理常用80802.版本。',
    ].join('\n')
    const result = importTextPaper(paper, { file: 'x.txt', durationMinutes: 10 })
    expect(located(result, 'warning')).toEqual([])
    expect(imported(paper, 'x.txt', { durationMinutes: 10 }).sections[0]?.items[0]).toMatchObject({
      options: { A: 'port 21', B: 'port 8080' },
      explanation: '代理常用80802.版本。',
    })
  })
})
