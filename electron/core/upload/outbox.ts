import { basename } from 'node:path'
import { verifyBundle } from '../bundle/bundleVerifier'
import { readRegularFile } from '../fs/readRegularFile'
import { MAX_BUNDLE_BYTES } from '../results/bundleFiles'
import { OutboxError } from './outboxEntry'
import type { OutboxEntry } from './outboxEntry'
import { OutboxFolder, sha256Hex } from './outboxFolder'
import { runOutbox } from './outboxRun'
import type { RunOptions, RunSummary } from './outboxRun'
import { newEntry, requeued } from './outboxTransitions'

export type EnqueueOutcome = 'queued' | 'requeued' | 'already_queued' | 'already_delivered'

export interface OutboxStatus {
  pending: number
  delivered: number
  failed: number
  entries: OutboxEntry[]
}

/**
 * A persistent queue of result bundles to send to the central office's intake server. Any number of Outbox
 * instances (in this or a later process) over the same folder see the same queue, so a run stopped by a crash,
 * a power cut or Ctrl-C is resumed by the next one. See outboxFolder.ts for the files and their guarantees.
 */
export class Outbox {
  private readonly folder: OutboxFolder

  constructor(
    dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.folder = new OutboxFolder(dir)
  }

  /**
   * Copies a bundle into the outbox (bytes first, then its entry). A bundle must at least be a well-formed,
   * correctly signed one (an encrypted bundle cannot be checked here and is taken as it is). The same bytes
   * twice are one entry; a parked (failed) one enqueued again is retried afresh.
   */
  async enqueue(file: string): Promise<{ sha256: string; outcome: EnqueueOutcome }> {
    let bytes: Buffer
    try {
      bytes = await readRegularFile(file, MAX_BUNDLE_BYTES)
    } catch (error) {
      throw new OutboxError('UNREADABLE_FILE', `cannot read ${file}: ${(error as Error).message}`, { cause: error })
    }
    const check = await verifyBundle(bytes)
    if (!check.ok && check.code !== 'ENCRYPTED')
      throw new OutboxError('NOT_A_BUNDLE', `${file} is not a result bundle: ${check.reason}`)
    const sha256 = sha256Hex(bytes)
    await this.folder.ensure()
    const existing = await this.folder.readEntry(sha256)
    if (existing?.state === 'delivered') return { sha256, outcome: 'already_delivered' }
    if (existing?.state === 'pending') return { sha256, outcome: 'already_queued' }
    // Written again even when requeued: the copy must be there before the entry says there is something to send.
    await this.folder.writeBundle(sha256, bytes)
    await this.folder.writeEntry(
      existing ? requeued(existing, this.now()) : newEntry(sha256, basename(file), bytes.length, this.now()),
    )
    return { sha256, outcome: existing ? 'requeued' : 'queued' }
  }

  async status(): Promise<OutboxStatus> {
    const entries = await this.folder.listEntries()
    const count = (state: OutboxEntry['state']): number => entries.filter((entry) => entry.state === state).length
    return { pending: count('pending'), delivered: count('delivered'), failed: count('failed'), entries }
  }

  /** Sends every pending bundle until each is delivered or parked (or the signal stops the run). */
  run(options: RunOptions): Promise<RunSummary> {
    return runOutbox(this.folder, { now: this.now, ...options })
  }
}
