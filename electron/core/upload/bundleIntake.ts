import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { AuthorityKey } from '../bundle/bundleEncryption'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import { importBundleFiles } from '../results/importBundles'
import type { ResultsStore } from '../results/resultsStore'
import { sha256Hex } from './outboxFolder'

/**
 * What the intake does with one uploaded bundle: the same verification, admission and quarantine as
 * `invigil results import` (importBundles), so a bundle is judged the same whichever way it arrives. The bytes
 * are written to DIR/incoming/<sha256>.jws (.jwe when encrypted) first, because the importer works on files and
 * quarantines by copying them; the incoming file is removed once the store (or the quarantine folder) holds its own
 * copy. With the exam authority's private key, encrypted bundles are opened and judged like any other.
 */
export type IntakeReply =
  | { httpStatus: 200; body: { sha256: string; status: 'imported' | 'duplicate' } }
  | { httpStatus: 422; body: { sha256: string; status: 'rejected'; code: string; reason: string } }

export interface BundleIntakeOptions {
  store: ResultsStore
  /** incoming/ and quarantine/ go here. */
  dataDir: string
  /** The exam authority's X25519 private key; without it an encrypted bundle is refused (and quarantined). */
  authorityPrivateKey?: AuthorityKey
  now?: () => Date
}

export type BundleIntake = (bytes: Uint8Array) => Promise<IntakeReply>

/** A compact JWE has five dot-separated parts, a signed bundle three. */
function isEncrypted(bytes: Uint8Array): boolean {
  let dots = 0
  for (const byte of bytes) if (byte === 0x2e) dots += 1
  return dots === 4
}

// The sender reads this, not the verifier's generic reason: the fix is on the server, so the reply says which.
const NO_AUTHORITY_KEY =
  'the bundle is encrypted to the exam authority, and this intake server has no key to open it: restart it with `invigil intake --authority-key <keyFile>`, then send the bundle again'

export function createBundleIntake(options: BundleIntakeOptions): BundleIntake {
  const incoming = join(options.dataDir, 'incoming')
  const quarantineDir = join(options.dataDir, 'quarantine')
  const { store, authorityPrivateKey, now } = options
  // One import at a time: the importer batches per call, and two uploads of the same bundle must not race.
  let queue: Promise<unknown> = Promise.resolve()

  async function intake(bytes: Uint8Array): Promise<IntakeReply> {
    const sha256 = sha256Hex(bytes)
    await mkdir(incoming, { recursive: true })
    const file = join(incoming, `${sha256}.${isEncrypted(bytes) ? 'jwe' : 'jws'}`)
    await writeFileAtomic(file, bytes, 0o600)
    try {
      const summary = await importBundleFiles([file], {
        store,
        quarantineDir,
        ...(authorityPrivateKey ? { authorityPrivateKey } : {}),
        ...(now ? { now } : {}),
      })
      const outcome = summary.outcomes[0]
      if (outcome === undefined) throw new Error(`the import of ${sha256} reported no outcome`)
      switch (outcome.outcome) {
        case 'imported':
        case 'duplicate':
          return { httpStatus: 200, body: { sha256, status: outcome.outcome } }
        case 'quarantined': {
          const reason = outcome.code === 'ENCRYPTED' && !authorityPrivateKey ? NO_AUTHORITY_KEY : outcome.reason
          return { httpStatus: 422, body: { sha256, status: 'rejected', code: outcome.code, reason } }
        }
        case 'unreadable':
          throw new Error(`the intake could not read its own copy of ${sha256}: ${outcome.reason}`)
      }
    } finally {
      await rm(file, { force: true })
    }
  }

  return (bytes) => {
    const reply = queue.then(() => intake(bytes))
    queue = reply.catch(() => undefined)
    return reply
  }
}
