import type { SourceText } from './giftSource'

/**
 * Splits GIFT input the way Moodle reads it: a blank line ends a question, and a line whose first non-blank
 * characters are `//` is a comment that is dropped without ending the question. `//` later in a line is text
 * (URLs). Each block keeps the input offset of every character it holds. Lines end in LF: gift.ts normalises CRLF
 * and CR first.
 */
export function giftBlocks(input: string): SourceText[] {
  const blocks: SourceText[] = []
  let current: SourceText | undefined
  let lineStart = 0
  while (lineStart <= input.length) {
    const newline = input.indexOf('\n', lineStart)
    const lineEnd = newline === -1 ? input.length : newline
    const line = input.slice(lineStart, lineEnd)
    if (line.trim() === '') {
      if (current) blocks.push(current)
      current = undefined
    } else if (!line.trimStart().startsWith('//')) {
      current ??= { text: '', offsets: [] }
      if (current.text !== '') {
        // The line break between two kept lines sits just before this line.
        current.text += '\n'
        current.offsets.push(lineStart - 1)
      }
      current.text += line
      for (let i = 0; i < line.length; i++) current.offsets.push(lineStart + i)
    }
    if (newline === -1) break
    lineStart = newline + 1
  }
  if (current) blocks.push(current)
  for (const block of blocks) block.offsets.push((block.offsets.at(-1) ?? 0) + 1)
  return blocks
}
