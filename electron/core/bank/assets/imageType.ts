/** The image kinds a bank may show, told by their first bytes rather than their names. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/svg+xml'

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  signature.every((byte, index) => bytes[at + index] === byte)

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0))

/** An SVG is text: an optional BOM, XML declaration, comments and doctype, then the <svg> root. */
function isSvg(bytes: Uint8Array): boolean {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '')
  for (;;) {
    const before = text
    text = text
      .replace(/^\s+/, '')
      .replace(/^<\?xml[\s\S]*?\?>/, '')
      .replace(/^<!--[\s\S]*?-->/, '')
    text = text.replace(/^<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '')
    if (text === before) break
  }
  return /^<svg[\s>]/.test(text)
}

export function imageMediaType(bytes: Uint8Array): ImageMediaType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  if (isSvg(bytes)) return 'image/svg+xml'
  return undefined
}
