import { verifyBundle } from '../bundle/bundleVerifier'
import type { AuthorityKey } from '../bundle/bundleEncryption'
import { normalizeReceiptCode, receiptCodeOfLog } from '../bundle/submissionReceipt'
import type { ResultsStore, StoredResult } from './resultsStore'

/**
 * Finds the stored result a candidate's receipt code names: each stored bundle's event log is read again and the
 * code recomputed from it (the store keeps no codes, so a receipt proves the very lines the signature covers).
 * Encrypted bundles can be read only with the exam authority's private key; without it they are counted, not read.
 */
export interface ReceiptLookup {
  /** The code as normalized, or null when the input cannot be a receipt code. */
  code: string | null
  matches: StoredResult[]
  /** Encrypted bundles that could not be read (no authority key given). */
  unreadable: number
}

export async function findReceipt(
  store: ResultsStore,
  input: string,
  authorityPrivateKey?: AuthorityKey,
): Promise<ReceiptLookup> {
  const code = normalizeReceiptCode(input)
  const lookup: ReceiptLookup = { code, matches: [], unreadable: 0 }
  if (code === null) return lookup
  for (const result of await store.listResults()) {
    const bytes = await store.readBundle(result.bundleSha256)
    if (!bytes) continue
    const verdict = await verifyBundle(bytes, authorityPrivateKey === undefined ? {} : { authorityPrivateKey })
    if (!verdict.ok) {
      lookup.unreadable += 1
      continue
    }
    if (receiptCodeOfLog(verdict.eventLines) === code) lookup.matches.push(result)
  }
  return lookup
}
