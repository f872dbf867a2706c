import { join } from 'node:path'
import type { AuthorityKey } from '../bundle/bundleEncryption'
import { importBundles } from '../results/importBundles'
import type { QuarantineLimits } from '../results/quarantineFolder'
import type { ResultsStore } from '../results/resultsStore'
import { sha256Hex } from './outboxFolder'

/**
 * What the intake does with one uploaded bundle: the same verification and admission as `invigil results import`
 * (importBundles), so a bundle is judged the same whichever way it arrives, but judged in memory first. Anyone can
 * reach the intake, so a request writes to disk only when an enrolled station signed what it carries: garbage, a
 * bundle from a station not enrolled here, a broken signature or an encrypted bundle this server cannot open is
 * refused (422) with the reason, and nothing of it is stored, not even in quarantine; the sender keeps it. A bundle
 * an enrolled station signed but that fails a later check is quarantined (a row and a copy in DIR/quarantine,
 * bounded in files and bytes). With the exam authority's private key, encrypted bundles are opened and judged like
 * any other.
 */
export type IntakeReply =
  | { httpStatus: 200; body: { sha256: string; status: 'imported' | 'duplicate' } }
  | { httpStatus: 422; body: { sha256: string; status: 'rejected'; code: string; reason: string } }

export interface BundleIntakeOptions {
  store: ResultsStore
  /** quarantine/ goes here. */
  dataDir: string
  quarantineLimits?: QuarantineLimits
  /** The exam authority's X25519 private key; without it an encrypted bundle is refused (nothing kept). */
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
  const quarantineDir = join(options.dataDir, 'quarantine')
  const { store, authorityPrivateKey, now, quarantineLimits } = options
  // One import at a time: the importer batches per call, and two uploads of the same bundle must not race.
  let queue: Promise<unknown> = Promise.resolve()

  async function intake(bytes: Uint8Array): Promise<IntakeReply> {
    const sha256 = sha256Hex(bytes)
    // What the store's quarantine row and the quarantine copy call it: there is no file, only the request.
    const file = `${sha256}.${isEncrypted(bytes) ? 'jwe' : 'jws'}`
    const summary = await importBundles([{ file, read: () => Promise.resolve(Buffer.from(bytes)) }], {
      store,
      quarantineDir,
      onlyEnrolledSigners: true,
      ...(quarantineLimits ? { quarantineLimits } : {}),
      ...(authorityPrivateKey ? { authorityPrivateKey } : {}),
      ...(now ? { now } : {}),
    })
    const outcome = summary.outcomes[0]
    if (outcome === undefined) throw new Error(`the import of ${sha256} reported no outcome`)
    switch (outcome.outcome) {
      case 'imported':
      case 'duplicate':
        return { httpStatus: 200, body: { sha256, status: outcome.outcome } }
      // A newer version of a stored session: imported, as far as the sender is concerned.
      case 'updated':
        return { httpStatus: 200, body: { sha256, status: 'imported' } }
      case 'refused':
      case 'quarantined': {
        const reason = outcome.code === 'ENCRYPTED' && !authorityPrivateKey ? NO_AUTHORITY_KEY : outcome.reason
        return { httpStatus: 422, body: { sha256, status: 'rejected', code: outcome.code, reason } }
      }
      case 'unreadable':
        throw new Error(`the intake could not read the bytes of ${sha256}: ${outcome.reason}`)
    }
  }

  return (bytes) => {
    const reply = queue.then(() => intake(bytes))
    queue = reply.catch(() => undefined)
    return reply
  }
}
