import { readFile, stat } from 'node:fs/promises'

/** Papers and banks are hand-sized; anything larger is the wrong file, and refusing it keeps memory bounded. */
export const MAX_TEXT_BYTES = 10 * 1024 * 1024

export type TextFileRead = { ok: true; text: string } | { ok: false; message: string; hint: string }

/**
 * Reads a UTF-8 text file (a bank or a paper). Never throws: a missing, oversized, binary or non-UTF-8 file comes
 * back as a message and a hint. Decoding is strict because a replacement character would silently corrupt a
 * paper's text; a leading BOM is dropped.
 */
export async function readTextFile(path: string): Promise<TextFileRead> {
  const check = 'check the file name'
  try {
    const info = await stat(path)
    if (!info.isFile()) return { ok: false, message: 'not a file', hint: check }
    if (info.size > MAX_TEXT_BYTES) return { ok: false, message: 'the file is larger than 10 MB', hint: check }
    const text = decodeUtf8(await readFile(path))
    if (text === undefined) return { ok: false, message: 'the file is not UTF-8 text', hint: 'save it as UTF-8' }
    if (text.includes('\u0000')) return { ok: false, message: 'the file is binary, not text', hint: check }
    return { ok: true, text }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return {
      ok: false,
      message: code === 'ENOENT' ? 'no such file' : `cannot read the file: ${(error as Error).message}`,
      hint: 'check the path',
    }
  }
}

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}
