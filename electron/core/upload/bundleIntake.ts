import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import { importBundleFiles } from '../results/importBundles'
import type { ResultsStore } from '../results/resultsStore'
import { sha256Hex } from './outboxFolder'

/**
 * What the intake does with one uploaded bundle: the same verification, admission and quarantine as
 * `invigil results import` (importBundles), so a bundle is judged the same whichever way it arrives. The bytes
 * are written to DIR/incoming/<sha256>.jws first, because the importer works on files and quarantines by copying
 * them; the incoming file is removed once the store (or the quarantine folder) holds its own copy.
 */
export type IntakeReply =
  | { httpStatus: 200; body: { sha256: string; status: 'imported' | 'duplicate' } }
  | { httpStatus: 422; body: { sha256: string; status: 'rejected'; code: string; reason: string } }

export interface BundleIntakeOptions {
  store: ResultsStore
  /** incoming/ and quarantine/ go here. */
  dataDir: string
  now?: () => Date
}

export type BundleIntake = (bytes: Uint8Array) => Promise<IntakeReply>

export function createBundleIntake(options: BundleIntakeOptions): BundleIntake {
  const incoming = join(options.dataDir, 'incoming')
  const quarantineDir = join(options.dataDir, 'quarantine')
  // One import at a time: the importer batches per call, and two uploads of the same bundle must not race.
  let queue: Promise<unknown> = Promise.resolve()

  async function intake(bytes: Uint8Array): Promise<IntakeReply> {
    const sha256 = sha256Hex(bytes)
    await mkdir(incoming, { recursive: true })
    const file = join(incoming, `${sha256}.jws`)
    await writeFileAtomic(file, bytes, 0o600)
    try {
      const summary = await importBundleFiles([file], { store: options.store, quarantineDir, ...(options.now ? { now: options.now } : {}) })
      const outcome = summary.outcomes[0]
      if (outcome === undefined) throw new Error(`the import of ${sha256} reported no outcome`)
      switch (outcome.outcome) {
        case 'imported':
        case 'duplicate':
          return { httpStatus: 200, body: { sha256, status: outcome.outcome } }
        case 'quarantined':
          return { httpStatus: 422, body: { sha256, status: 'rejected', code: outcome.code, reason: outcome.reason } }
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
