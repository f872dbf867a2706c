import type { JWK } from 'jose'
import type { AuthorityKey } from '../bundle/bundleEncryption'
import { verifyBundle } from '../bundle/bundleVerifier'
import type { QuarantineCode, StoredResult, StoreOutcome } from './resultsStore'

/**
 * Whether one bundle may enter the results store: it must verify in full (format, signature, manifest, event
 * chain) AND be signed by an enrolled station. Pure apart from the verification itself.
 */
export type Admission =
  | {
      ok: true
      result: StoredResult
      /** The verified event lines, rebuilt on each call from bytes kept outside the JavaScript heap (keptLines). */
      eventLines: () => readonly string[]
      manifestJson: string
    }
  | {
      ok: false
      code: QuarantineCode
      reason: string
      /** FOREIGN_STATION: the station that signed it. */ stationId?: string
    }

export interface AdmissionContext {
  trustedStationKeys: readonly JWK[]
  authorityPrivateKey?: AuthorityKey
  /** ISO-8601 import time. */
  importedAt: string
}

/**
 * Event lines kept until a store asks for them, which it does only for a later bundle of a stored session (to show
 * its log extends the stored one). An import holds two batches of admitted bundles at a time; as strings their lines
 * were copied by every young-generation collection until the batch was written, and as UTF-8 bytes they are not.
 * Alternated with keeping the strings, 10,000 bundles imported faster in 3 of 3 SQLite pairs (0.5–0.8 s) and 4 of 6
 * PostgreSQL pairs (median 0.3 s). Canonical JSON holds no raw newline, so the lines split back exactly.
 */
function keptLines(lines: readonly string[]): () => readonly string[] {
  if (lines.length === 0) return () => []
  const bytes = Buffer.from(lines.join('\n'))
  return () => bytes.toString('utf8').split('\n')
}

export async function admitBundle(
  bytes: Uint8Array,
  bundleSha256: string,
  context: AdmissionContext,
): Promise<Admission> {
  const { trustedStationKeys, authorityPrivateKey, importedAt } = context
  // The signature is checked on the libuv threadpool: an import verifies a batch of bundles at once (Promise.all),
  // so their signatures use the other core while this thread checks their payloads.
  const keys = { signatureOffThread: true, ...(authorityPrivateKey === undefined ? {} : { authorityPrivateKey }) }
  const verdict = await verifyBundle(bytes, { ...keys, trustedStationKeys })
  if (!verdict.ok && verdict.code === 'UNTRUSTED_KEY') {
    // Foreign only if it is otherwise genuine; a broken bundle from an unknown station is reported as broken.
    const untrusted = await verifyBundle(bytes, keys)
    if (!untrusted.ok) return { ok: false, code: untrusted.code, reason: untrusted.reason }
    return {
      ok: false,
      code: 'FOREIGN_STATION',
      stationId: untrusted.manifest.station.id,
      reason: `a valid bundle from station ${untrusted.manifest.station.id}, which is not enrolled here (invigil results trust)`,
    }
  }
  if (!verdict.ok) return { ok: false, code: verdict.code, reason: verdict.reason }
  const { manifest } = verdict
  return {
    ok: true,
    eventLines: keptLines(verdict.eventLines),
    manifestJson: verdict.manifestJson,
    result: {
      bundleSha256,
      stationId: manifest.station.id,
      sessionId: manifest.session.id,
      examId: manifest.exam.id,
      candidateId: manifest.candidate.id,
      candidateName: manifest.candidate.name,
      total: manifest.scores.total,
      max: manifest.scores.max,
      passed: manifest.scores.passed,
      pending: manifest.scores.pending,
      submittedAt: manifest.session.submitted_at,
      importedAt,
      encrypted: verdict.encrypted,
      manifest,
    },
  }
}

/**
 * Whether a refusal with this code still proves an enrolled station signed the bundle: the verifier checks the
 * signer's key and the signature before it reads the manifest and the events, so only the later problems do.
 * An intake keeps (quarantines) only those; anyone can produce the others at no cost.
 */
const SIGNED_BY_ENROLLED: Record<QuarantineCode, boolean> = {
  MALFORMED: false,
  ENCRYPTED: false,
  DECRYPTION_FAILED: false,
  BAD_HEADER: false,
  UNTRUSTED_KEY: false,
  FOREIGN_STATION: false,
  BAD_SIGNATURE: false,
  BAD_MANIFEST: true,
  BAD_EVENT_LOG: true,
  INCONSISTENT: true,
  SESSION_CONFLICT: true,
  MANIFEST_CONFLICT: true,
}

export const signedByEnrolledStation = (code: QuarantineCode): boolean => SIGNED_BY_ENROLLED[code]

/** Why the store refused a verified bundle (a conflict with a stored version of its session), or undefined. */
export function storeRefusal(
  outcome: StoreOutcome,
  result: Pick<StoredResult, 'stationId' | 'sessionId' | 'manifest'>,
): { code: QuarantineCode; reason: string } | undefined {
  const { stationId, sessionId } = result
  const { count, head } = result.manifest.event_log
  const log = `${String(count)} events, head ${head.slice(0, 12)}`
  if (outcome === 'conflict')
    return {
      code: 'SESSION_CONFLICT',
      reason: `station ${stationId} session ${sessionId} is stored with an event log this bundle's (${log}) neither extends nor is a stored version of: the station signed two different histories of one session`,
    }
  if (outcome === 'manifest_conflict')
    return {
      code: 'MANIFEST_CONFLICT',
      reason: `station ${stationId} session ${sessionId} is stored with this same event log (${log}) but another manifest: one log has one result, so this one was made up after the fact`,
    }
  return undefined
}
