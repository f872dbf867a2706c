import type { BundleTransport } from './bundleTransport'
import { DEFAULT_BACKOFF, judgeDelivery } from './deliveryVerdict'
import type { BackoffPolicy, DeliveryVerdict } from './deliveryVerdict'
import { OutboxError } from './outboxEntry'
import type { OutboxEntry, OutboxProblem } from './outboxEntry'
import { sha256Hex } from './outboxFolder'
import type { OutboxFolder } from './outboxFolder'
import { acquireOutboxLock } from './outboxLock'
import { attemptSettled, attemptStarted, isDue } from './outboxTransitions'

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export interface RunOptions {
  transport: BundleTransport
  /** Bundles in flight at once: 1 or 2 (a results upload is not worth more load on a lab's uplink). */
  concurrency?: number
  /** Attempts per bundle before it is parked as failed. */
  maxAttempts?: number
  backoff?: BackoffPolicy
  now?: () => Date
  sleep?: Sleep
  random?: () => number
  /** Stops the run between attempts; a request in flight finishes (or times out) first. */
  signal?: AbortSignal
  onEvent?: (event: OutboxEvent) => void
}

export type OutboxEvent =
  | { type: 'sending' | 'delivered' | 'failed'; entry: OutboxEntry }
  | { type: 'retrying'; entry: OutboxEntry; delayMs: number }
  | { type: 'stopped'; problem: OutboxProblem }

export interface RunSummary {
  delivered: number
  failed: number
  /** Still pending: the run was stopped (signal, or a setup problem such as an untrusted certificate). */
  pending: number
  attempts: number
  stopped: OutboxProblem | null
}

export const DEFAULT_MAX_ATTEMPTS = 8

/** Waits, or stops waiting as soon as the signal fires. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })

type Settings = Required<Omit<RunOptions, 'signal' | 'onEvent'>> & Pick<RunOptions, 'signal' | 'onEvent'>

function settings(options: RunOptions): Settings {
  const concurrency = options.concurrency ?? 1
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
  if (concurrency !== 1 && concurrency !== 2) throw new OutboxError('BAD_OPTION', 'concurrency is 1 or 2')
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new OutboxError('BAD_OPTION', 'max attempts is a whole number of at least 1')
  return {
    now: () => new Date(),
    sleep: realSleep,
    random: Math.random,
    backoff: DEFAULT_BACKOFF,
    ...options,
    concurrency,
    maxAttempts,
  }
}

/** One run over the folder's pending entries; the folder is locked for its duration. */
class OutboxRun {
  private readonly queue = new Map<string, OutboxEntry>()
  private readonly inFlight = new Set<string>()
  readonly summary: RunSummary = { delivered: 0, failed: 0, pending: 0, attempts: 0, stopped: null }

  constructor(
    private readonly folder: OutboxFolder,
    private readonly s: Settings,
  ) {}

  private get halted(): boolean {
    return this.s.signal?.aborted === true || this.summary.stopped !== null
  }

  /** Pending entries, and (after a crash between the two steps) the copies of delivered ones removed. */
  async load(): Promise<number> {
    for (const entry of await this.folder.listEntries()) {
      if (entry.state === 'delivered') await this.folder.removeBundle(entry.sha256)
      else if (entry.state === 'pending') this.queue.set(entry.sha256, entry)
    }
    return this.queue.size
  }

  async work(): Promise<void> {
    while (!this.halted) {
      const now = this.s.now()
      const idle = [...this.queue.values()].filter((entry) => !this.inFlight.has(entry.sha256))
      const due = idle
        .filter((entry) => isDue(entry, now))
        .sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? ''))[0]
      if (due) {
        this.inFlight.add(due.sha256)
        try {
          await this.attempt(due.sha256)
        } finally {
          this.inFlight.delete(due.sha256)
        }
        continue
      }
      if (idle.length === 0) return
      const wake = Math.min(...idle.map((entry) => Date.parse(entry.nextAttemptAt ?? now.toISOString())))
      await this.s.sleep(Math.max(0, wake - now.getTime()), this.s.signal)
    }
  }

  private async attempt(sha256: string): Promise<void> {
    // The disk is the truth: re-read, in case the entry changed since it was listed.
    const entry = await this.folder.readEntry(sha256)
    if (entry?.state !== 'pending') return void this.queue.delete(sha256)
    const bytes = await this.folder.readBundle(sha256)
    if (bytes === undefined || sha256Hex(bytes) !== sha256) {
      const problem = {
        code: 'LOCAL_COPY_LOST',
        message: 'the outbox copy of this bundle is missing or damaged; enqueue the original file again',
      }
      return this.settle(entry, { action: 'park', problem })
    }
    const started = attemptStarted(entry, this.s.now())
    await this.folder.writeEntry(started)
    this.summary.attempts += 1
    this.s.onEvent?.({ type: 'sending', entry: started })
    const outcome = await this.s.transport.send(bytes)
    await this.settle(started, judgeDelivery(sha256, outcome))
  }

  private async settle(entry: OutboxEntry, verdict: DeliveryVerdict): Promise<void> {
    const { now, random, maxAttempts, backoff, transport } = this.s
    const settled = attemptSettled(entry, verdict, {
      now: now(),
      random,
      maxAttempts,
      backoff,
      endpoint: transport.endpoint,
    })
    await this.folder.writeEntry(settled)
    if (settled.state === 'delivered') {
      // Only now, with the server's confirmation on disk, may the copy go.
      await this.folder.removeBundle(settled.sha256)
      this.queue.delete(settled.sha256)
      this.summary.delivered += 1
      this.s.onEvent?.({ type: 'delivered', entry: settled })
    } else if (settled.state === 'failed') {
      this.queue.delete(settled.sha256)
      this.summary.failed += 1
      this.s.onEvent?.({ type: 'failed', entry: settled })
    } else {
      this.queue.set(settled.sha256, settled)
      if (verdict.action === 'stop') {
        this.summary.stopped = verdict.problem
        this.s.onEvent?.({ type: 'stopped', problem: verdict.problem })
      } else {
        this.s.onEvent?.({
          type: 'retrying',
          entry: settled,
          delayMs: Date.parse(settled.nextAttemptAt ?? settled.updatedAt) - Date.parse(settled.updatedAt),
        })
      }
    }
  }

  /** Workers share the queue; each stops when nothing is left that it could send or wait for. */
  async drain(): Promise<void> {
    // allSettled: a worker that fails (a disk error) must not leave the other sending after the lock is released.
    const workers = await Promise.allSettled(Array.from({ length: this.s.concurrency }, () => this.work()))
    const failure = workers.find((worker) => worker.status === 'rejected')
    if (failure) throw failure.reason
    this.summary.pending = this.queue.size
  }
}

export async function runOutbox(folder: OutboxFolder, options: RunOptions): Promise<RunSummary> {
  const s = settings(options)
  await folder.ensure()
  const release = await acquireOutboxLock(folder.dir)
  try {
    const run = new OutboxRun(folder, s)
    // Bundles enqueued while the run was sending are picked up by the next round.
    while ((await run.load()) > 0) {
      await run.drain()
      if (s.signal?.aborted === true || run.summary.stopped !== null) break
    }
    return run.summary
  } finally {
    await release()
  }
}
