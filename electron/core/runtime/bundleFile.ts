import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import type { KeyObject } from 'node:crypto'
import { dirname } from 'node:path'
import { encryptBundleForAuthority } from '../bundle/bundleEncryption'
import type { ResultManifest } from '../bundle/bundleFormat'
import { verifyBundle } from '../bundle/bundleVerifier'
import type { Ed25519PublicJwk } from '../crypto/ed25519Keys'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import { RuntimeError } from '../base/runtimeError'

export interface ExportedBundle {
  file: string
  /** SHA-256 (hex) of the file's bytes: what the session's `exported` event records. */
  sha256: string
  manifest: ResultManifest
  /** Encrypted to the exam authority (a .jwe file): only its private key opens it. */
  encrypted: boolean
}

/** Anything but letters, digits, ".", "_" and "-" becomes "-": a candidate id may hold "/" or spaces. */
const safeChars = (part: string): string => part.normalize('NFC').replace(/[^A-Za-z0-9._-]+/g, '-')

/**
 * At most `max` characters (all ASCII, so bytes too): a longer part keeps its start, readable, and ends in 8 hex
 * digits of the whole id's SHA-256, so two long ids that share a start still get different names.
 */
function fileNamePart(part: string, max: number): string {
  const safe = safeChars(part)
  if (safe.length <= max) return safe
  const digest = createHash('sha256').update(part, 'utf8').digest('hex').slice(0, 8)
  return `${safe.slice(0, max - 9)}-${digest}`
}

/**
 * Each part's share of the name: with the separators and extension at most 143 characters, the tightest NAME_MAX
 * among the file systems a stick or home folder may use (eCryptfs; FAT and NTFS allow 255).
 */
const EXAM_ID_CHARS = 48
const CANDIDATE_ID_CHARS = 48
const SESSION_ID_CHARS = 40

/**
 * `<examId>_<candidateId>_<sessionId>.jws`: sorts by exam, then candidate; the session id keeps it unique. Encrypted,
 * `<examId>_<sessionId>.jwe` (the extension `results import` and `intake` look for): the bundle hides who sat, so
 * its name must not tell. Any ids give a name of at most 143 characters, so a long id can never make an export fail.
 */
export function bundleFileName(examId: string, candidateId: string, sessionId: string, encrypted: boolean): string {
  const exam = fileNamePart(examId, EXAM_ID_CHARS)
  const session = fileNamePart(sessionId, SESSION_ID_CHARS)
  return encrypted
    ? `${exam}_${session}.jwe`
    : `${exam}_${fileNamePart(candidateId, CANDIDATE_ID_CHARS)}_${session}.jws`
}

/**
 * Verifies the signed bundle under this station's key (signature and chain), encrypts it to the exam authority if
 * a key is given, writes it atomically (results hold names and answers: owner-only), then reads the file back: it
 * must be byte for byte what passed. The station cannot open a JWE it wrote, so the check is made before
 * encrypting; for a plain bundle the bytes on the disk or stick are the ones verified. Only a bundle that passed
 * may be recorded as exported. This is the export's one deliberate second check of the chain (the first is the
 * session's integrity check, on the way out): kept because it runs the verifier alone, as a results office will, so
 * a bug in the writer or a wrong head handed to it cannot leave the station as a bundle the office refuses.
 */
export async function writeVerifiedBundle(
  file: string,
  signed: string,
  stationKey: Ed25519PublicJwk,
  authorityKey?: KeyObject,
): Promise<Omit<ExportedBundle, 'file'>> {
  const verified = await verifyBundle(signed, { trustedStationKeys: [stationKey] })
  if (!verified.ok)
    throw new RuntimeError(
      'BUNDLE_INVALID',
      `the bundle for ${file} does not verify (${verified.code}): ${verified.reason}`,
    )
  const text = authorityKey ? await encryptBundleForAuthority(signed, authorityKey) : signed
  let bytes: Buffer
  try {
    await mkdir(dirname(file), { recursive: true })
    await writeFileAtomic(file, text, 0o600)
    bytes = await readFile(file)
  } catch (error) {
    throw new RuntimeError('EXPORT_FAILED', `cannot write the result bundle ${file}: ${(error as Error).message}`, {
      cause: error,
    })
  }
  if (!bytes.equals(Buffer.from(text, 'ascii')))
    throw new RuntimeError('BUNDLE_INVALID', `${file} reads back different from what was written`)
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    manifest: verified.manifest,
    encrypted: authorityKey !== undefined,
  }
}
