import type { ApiMethod } from './contract'

/**
 * How large each API method's input may be, in bytes of its JSON: the one table both the contract's validation
 * (every call, whichever transport) and the browser host's body reader (before reading a byte more) use, so a
 * package or roster the API accepts is never refused by the host's HTTP limit, and the other way round. Most inputs
 * are ids and a short answer (a 20 000-character CJK answer is about 60 KB of UTF-8), hence the default.
 */
export const DEFAULT_INPUT_BYTES = 256 * 1024

/**
 * A package holds a bank of a few thousand items; a roster some tens of thousands of candidates (170 000 lines of
 * Chinese names fit). The schemas bound these fields in characters by the same numbers; a field of non-ASCII text
 * meets the byte limit first, on both transports alike.
 */
export const MAX_PACKAGE_CHARS = 32 * 1024 * 1024
export const MAX_ROSTER_CHARS = 4 * 1024 * 1024

// Room around a big text field for its JSON: the token, the quotes, the escapes of a CSV's line ends.
const ENVELOPE_BYTES = 1024 * 1024

const LARGER: Readonly<Partial<Record<ApiMethod, number>>> = {
  'admin.installPackage': MAX_PACKAGE_CHARS + ENVELOPE_BYTES,
  // A sitting embeds its package, so it gets the package's bound plus room for the roster and staff.
  'admin.installSitting': MAX_PACKAGE_CHARS + MAX_ROSTER_CHARS + ENVELOPE_BYTES,
  'admin.importRoster': MAX_ROSTER_CHARS + ENVELOPE_BYTES,
  // Up to 100 000 session ids of 28 characters, quoted and separated.
  'admin.exportBundles': 4 * 1024 * 1024,
}

/** The limit of a method by name; a name that is no method gets the default (and is refused as unknown after). */
export const inputLimitOf = (method: string): number =>
  (Object.hasOwn(LARGER, method) ? LARGER[method as ApiMethod] : undefined) ?? DEFAULT_INPUT_BYTES

export const inputTooLargeMessage = (method: string): string =>
  `the input of ${method} is at most ${String(inputLimitOf(method))} bytes of JSON`

/** The input's size as JSON in UTF-8, as the host's body carries it; undefined for what JSON cannot carry. */
export function inputBytes(input: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(input) ?? '')
  } catch {
    return undefined
  }
}
