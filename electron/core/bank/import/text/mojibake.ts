import type { Span } from './mappedText'

// Encoding damage on the document site turns characters into "?" plus junk: 確保客戶 -> 確??蛻, 。” -> ?!保.
// These are the places where a "?" cannot be a question mark. Private-use and replacement characters are
// damage wherever they appear.
const DAMAGED_CHAR = /[\uE000-\uF8FF\uFFFD]/
const PUNCTUATION_AFTER_QUESTION = ['?', ',', ';', '!']
// After a question, a label or the next question may follow directly: 哪項?答:…, 如何處理?參考答案:…
const LABEL_AFTER_QUESTION = /^(?:答|參考答案|参考答案|解析|問題|问题|要求)/
const OPTION_MARKER = /^[A-Z][.．、]/

const isHan = (char: string): boolean => /\p{Script=Han}/u.test(char)

// A "?" between two Han characters is a real question mark when its clause asks something.
const QUESTION_WORD = /[嗎吗呢麼么哪誰谁幾几怎]|什麼|什么|如何|為何|为何|是否|多少|能否|可否|有沒有|有没有/
const CLAUSE_START = /[。．！!？?；;，,:：\n]/

function clauseAsks(text: string, i: number): boolean {
  let start = i - 1
  while (start >= 0 && !CLAUSE_START.test(text.charAt(start))) start--
  return QUESTION_WORD.test(text.slice(start + 1, i))
}

function isDamageSignal(text: string, i: number): boolean {
  const char = text.charAt(i)
  if (DAMAGED_CHAR.test(char)) return true
  if (char !== '?') return false
  const next = text.charAt(i + 1)
  const after = text.slice(i + 1, i + 6)
  if (PUNCTUATION_AFTER_QUESTION.includes(next)) return true
  // A question followed by its options (哪項?A.…) is fine; a lone letter after "?" is not.
  if (/[A-Za-z]/.test(next)) return !OPTION_MARKER.test(after)
  return isHan(next) && isHan(text.charAt(i - 1)) && !LABEL_AFTER_QUESTION.test(after) && !clauseAsks(text, i)
}

/** Signals closer than this many characters are one damaged spot. */
const SAME_SPOT = 3

/** Spots in the text that look like encoding damage, each covering its run of signals. */
export function findMojibake(text: string): Span[] {
  const spots: Span[] = []
  for (let i = 0; i < text.length; i++) {
    if (!isDamageSignal(text, i)) continue
    const current = spots[spots.length - 1]
    if (current && i - current.end < SAME_SPOT) current.end = i + 1
    else spots.push({ start: i, end: i + 1 })
  }
  return spots
}

const isInvisible = (char: string): boolean => char.charCodeAt(0) < 0x20 || DAMAGED_CHAR.test(char)

/** Text for a message: invisible damage (private-use, replacement, control characters) is shown as \uXXXX. */
export function printable(text: string): string {
  return [...text]
    .map((char) => (isInvisible(char) ? `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : char))
    .join('')
}
