import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { ResultManifest } from '../bundle/bundleFormat'
import { verifyBundle } from '../bundle/bundleVerifier'
import type { Ed25519PublicJwk } from '../crypto/ed25519Keys'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import { RuntimeError } from './runtimeError'

export interface ExportedBundle {
  file: string
  /** SHA-256 (hex) of the file's bytes: what the session's `exported` event records. */
  sha256: string
  manifest: ResultManifest
}

/** Anything but letters, digits, ".", "_" and "-" becomes "-": a candidate id may hold "/" or spaces. */
const fileNamePart = (part: string): string => part.normalize('NFC').replace(/[^A-Za-z0-9._-]+/g, '-')

/** `<examId>_<candidateId>_<sessionId>.jws`: sorts by exam, then candidate; the session id keeps it unique. */
export const bundleFileName = (examId: string, candidateId: string, sessionId: string): string =>
  `${fileNamePart(examId)}_${fileNamePart(candidateId)}_${fileNamePart(sessionId)}.jws`

/**
 * Writes the bundle atomically (results hold names and answers: owner-only), then reads the file back and verifies
 * what is actually on the disk or stick, signature and chain, under this station's key. Only a bundle that passed
 * may be recorded as exported.
 */
export async function writeVerifiedBundle(file: string, text: string, stationKey: Ed25519PublicJwk): Promise<Omit<ExportedBundle, 'file'>> {
  let bytes: Buffer
  try {
    await mkdir(dirname(file), { recursive: true })
    await writeFileAtomic(file, text, 0o600)
    bytes = await readFile(file)
  } catch (error) {
    throw new RuntimeError('EXPORT_FAILED', `cannot write the result bundle ${file}: ${(error as Error).message}`, { cause: error })
  }
  if (!bytes.equals(Buffer.from(text, 'ascii'))) throw new RuntimeError('BUNDLE_INVALID', `${file} reads back different from what was written`)
  const verified = await verifyBundle(bytes, { trustedStationKeys: [stationKey] })
  if (!verified.ok) throw new RuntimeError('BUNDLE_INVALID', `${file} does not verify (${verified.code}): ${verified.reason}`)
  return { sha256: createHash('sha256').update(bytes).digest('hex'), manifest: verified.manifest }
}
