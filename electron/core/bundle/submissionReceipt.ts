import { hash } from 'node:crypto'
import { chainHash, GENESIS_HASH, parseEventLine } from '../base/eventChain'

/**
 * The candidate's receipt code: a short, readable fingerprint of the session's event chain as it stood the moment
 * the session was submitted. That head covers every answer the candidate gave, in order, and the signed bundle
 * carries the same lines, so anyone holding the bundle can recompute the code and see that the submission the
 * candidate was shown is the one that was exported, unaltered.
 *
 *   head = the chain hash (hex) right after the first `submitted` event (hash_n = SHA-256(hash_{n-1} + "\n" + line_n))
 *   code = the first 10 characters of RFC 4648 base32 of SHA-256("invigil-receipt/1\n" + head), shown as XXXXX-XXXXX
 */
export const RECEIPT_CODE_LENGTH = 10
const RECEIPT_DOMAIN = 'invigil-receipt/1\n'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** The chain head right after the session's first `submitted` event; null when it never was submitted. */
export function submittedHead(eventLines: readonly string[]): string | null {
  let head = GENESIS_HASH
  for (const line of eventLines) {
    head = chainHash(head, line)
    if (parseEventLine(line).type === 'submitted') return head
  }
  return null
}

function base32(bytes: Uint8Array, chars: number): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
    if (out.length >= chars) break
  }
  return out
}

/** The receipt code of a submitted head, grouped for reading aloud: "ABCDE-FGH23". */
export function receiptCodeOf(head: string): string {
  const code = base32(hash('sha256', RECEIPT_DOMAIN + head, 'buffer'), RECEIPT_CODE_LENGTH)
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** The receipt code of a session's event log, or null when it never was submitted. */
export function receiptCodeOfLog(eventLines: readonly string[]): string | null {
  const head = submittedHead(eventLines)
  return head === null ? null : receiptCodeOf(head)
}

/**
 * A code as a person types it back: case, spaces and dashes do not matter, and the digits people confuse with base32
 * letters (0, 1, 8) read as the letters (O, I, B). Null when it cannot be a receipt code.
 */
export function normalizeReceiptCode(input: string): string | null {
  const letters = input.toUpperCase().replace(/[\s-]/g, '').replace(/0/g, 'O').replace(/1/g, 'I').replace(/8/g, 'B')
  if (!new RegExp(`^[A-Z2-7]{${String(RECEIPT_CODE_LENGTH)}}$`).test(letters)) return null
  return `${letters.slice(0, 5)}-${letters.slice(5)}`
}
