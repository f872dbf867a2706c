import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import type { AuthorityKey } from '../bundle/bundleEncryption'
import { readRegularFile } from '../fs/readRegularFile'
import { admitBundle, signedByEnrolledStation, storeRefusal } from './bundleAdmission'
import type { Admission, AdmissionContext } from './bundleAdmission'
import { MAX_BUNDLE_BYTES } from './bundleFiles'
import { LoopTurns } from './loopTurns'
import { QuarantineFolder } from './quarantineFolder'
import type { QuarantineLimits } from './quarantineFolder'
import type { NewResult, QuarantineCode, ResultsStore } from './resultsStore'

/**
 * Imports bundle files into a results store: each verified and admitted (bundleAdmission), good ones stored,
 * refused ones quarantined (a row in the store and a copy of the file, within the folder's bounds; the original is
 * never touched). Importing a bundle again changes nothing. A file is read only if it is a regular file (no link is
 * followed) within the size a bundle may have, checked before it is opened; any other file is unreadable, with the
 * reason, and the rest of the batch goes on. Files go in batches: one digest lookup, concurrent verification (the
 * signature check runs on libuv's thread pool, so it overlaps the checks on the main thread) and one transaction per
 * batch, a batch verified while the one before it is written. Each bundle's checks run in a turn of the event loop of
 * their own (LoopTurns), so a PostgreSQL write waiting on this thread is answered between two bundles.
 * Worker threads were tried and measured slower on 2 cores: starting them (and copying results back) cost more
 * than the second core saved.
 */
export interface ImportProgress {
  done: number
  total: number
  imported: number
  duplicates: number
  quarantined: number
}

export type FileOutcome =
  /** updated: a newer version of a stored session (its log extends the stored one), which it replaced. */
  | { file: string; bundleSha256: string; outcome: 'imported' | 'updated' | 'duplicate' }
  | { file: string; bundleSha256: string; outcome: 'quarantined'; code: QuarantineCode; reason: string }
  /** Not a verdict on a bundle: the import could not (or would not) read the file at all. */
  | { file: string; outcome: 'unreadable'; reason: string }
  /** Refused with nothing written (`onlyEnrolledSigners`): no enrolled station signed it. */
  | { file: string; bundleSha256: string; outcome: 'refused'; code: QuarantineCode; reason: string }

export interface ImportSummary extends ImportProgress {
  /** Newer versions of stored sessions; also counted in imported. */
  updated: number
  /** Quarantined because no enrolled station signed them; `invalid` is every other quarantine reason. */
  foreign: number
  invalid: number
  unreadable: number
  refused: number
  outcomes: FileOutcome[]
}

export interface ImportOptions {
  store: ResultsStore
  /** Where copies of refused bundles go (created when first needed). */
  quarantineDir: string
  quarantineLimits?: QuarantineLimits
  /** Files larger than this are not read (MAX_BUNDLE_BYTES unless given). */
  maxBundleBytes?: number
  /**
   * Refuse, writing nothing (no row, no copy), every bundle that does not prove an enrolled station signed it: the
   * intake's rule, since anyone can send it anything. Without it such bundles are quarantined like the rest.
   */
  onlyEnrolledSigners?: boolean
  /** The exam authority's X25519 private key, to open encrypted (JWE) bundles. */
  authorityPrivateKey?: AuthorityKey
  onProgress?: (progress: ImportProgress) => void
  now?: () => Date
  /** Files per batch (and per store transaction). */
  batchSize?: number
}

const DEFAULT_BATCH = 200
/**
 * Bundles verified at once: enough to keep the thread pool's signature checks busy. A PostgreSQL batch being written
 * waits on this thread for each of its statements: with a whole batch verified in one go it waited a batch's worth
 * each time, and with every bundle whose signature came back checked in one go, several bundles' worth. One bundle's
 * checks per turn of the loop (LoopTurns) made 10,000 bundles import 1 s faster (median of 8 alternated pairs).
 */
const VERIFYING = 16

/** fn over items, at most `limit` at a time; a new one starts as one ends. Results in input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  let next = 0
  const lane = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await fn(items[index] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}

/** One bundle to import: its name (a path, or what an intake calls it) and how to get its bytes. */
export interface BundleSource {
  file: string
  read: () => Promise<Buffer>
}

type ReadFile = { file: string; bytes: Buffer; bundleSha256: string } | { file: string; error: string }

async function readBundle(source: BundleSource): Promise<ReadFile> {
  try {
    const bytes = await source.read()
    return { file: source.file, bytes, bundleSha256: createHash('sha256').update(bytes).digest('hex') }
  } catch (error) {
    return { file: source.file, error: (error as Error).message }
  }
}

/** A batch read, looked up and verified, not yet written. */
interface CheckedBatch {
  read: readonly ReadFile[]
  at: string
  known: Set<string>
  verdicts: { entry: Extract<ReadFile, { bytes: Buffer }>; admission: Admission }[]
}

/** One import's running tally; each batch is read, looked up and verified, then written, batches in order. */
class ImportRun {
  readonly summary: ImportSummary
  private readonly quarantineFolder: QuarantineFolder
  private readonly turns = new LoopTurns()

  constructor(
    private readonly options: ImportOptions,
    private readonly trustedStationKeys: AdmissionContext['trustedStationKeys'],
    total: number,
  ) {
    this.summary = {
      done: 0,
      total,
      imported: 0,
      updated: 0,
      duplicates: 0,
      quarantined: 0,
      foreign: 0,
      invalid: 0,
      unreadable: 0,
      refused: 0,
      outcomes: [],
    }
    this.quarantineFolder = new QuarantineFolder(options.quarantineDir, options.quarantineLimits)
  }

  /** A batch's read-only half: which bundles are stored already, and the verdict on each of the others. */
  async checkBatch(read: readonly ReadFile[], at: string): Promise<CheckedBatch> {
    const { store, authorityPrivateKey } = this.options
    const context: AdmissionContext = {
      trustedStationKeys: this.trustedStationKeys,
      importedAt: at,
      ...(authorityPrivateKey ? { authorityPrivateKey } : {}),
    }
    const readable = read.filter((entry) => 'bytes' in entry)
    const known = await store.knownBundles(readable.map((entry) => entry.bundleSha256))
    const fresh = readable.filter((entry) => !known.has(entry.bundleSha256))
    const verdicts = await mapConcurrently(fresh, VERIFYING, async (entry) => {
      await this.turns.next()
      return { entry, admission: await admitBundle(entry.bytes, entry.bundleSha256, context) }
    })
    return { read, at, known, verdicts }
  }

  /**
   * A checked batch's writes: the admitted bundles in one store transaction, the refused ones quarantined. Batches
   * are written one at a time, in order; a bundle a previous batch stored meanwhile is found by the store itself.
   */
  async writeBatch({ read, at, known, verdicts }: CheckedBatch): Promise<void> {
    const good: { file: string; entry: NewResult }[] = []
    for (const { entry, admission } of verdicts) {
      if (admission.ok) {
        const { result, eventLines, manifestJson } = admission
        const newResult = {
          result,
          bundle: entry.bytes,
          manifestJson,
          get eventLines() {
            return eventLines()
          },
        }
        good.push({ file: entry.file, entry: newResult })
      } else await this.refuse(entry, admission.code, admission.reason, at)
    }
    const outcomes = await this.options.store.storeResults(good.map(({ entry }) => entry))
    for (const [index, { file, entry }] of good.entries()) {
      const { bundleSha256 } = entry.result
      const outcome = outcomes[index] ?? 'duplicate'
      const refusal = storeRefusal(outcome, entry.result)
      if (refusal) {
        await this.refuse({ file, bytes: Buffer.from(entry.bundle), bundleSha256 }, refusal.code, refusal.reason, at)
      } else {
        const done = ({ stored: 'imported', superseded: 'updated' } as const)[outcome as 'stored'] ?? 'duplicate'
        this.record({ file, bundleSha256, outcome: done })
      }
    }
    for (const entry of read) {
      if ('error' in entry) this.record({ file: entry.file, outcome: 'unreadable', reason: entry.error })
      else if (known.has(entry.bundleSha256))
        this.record({ file: entry.file, bundleSha256: entry.bundleSha256, outcome: 'duplicate' })
    }
    this.summary.done += read.length
    const { done, total, imported, duplicates, quarantined } = this.summary
    this.options.onProgress?.({ done, total, imported, duplicates, quarantined })
  }

  private async refuse(
    { file, bytes, bundleSha256 }: { file: string; bytes: Buffer; bundleSha256: string },
    code: QuarantineCode,
    given: string,
    at: string,
  ): Promise<void> {
    if (this.options.onlyEnrolledSigners === true && !signedByEnrolledStation(code)) {
      this.record({ file, bundleSha256, outcome: 'refused', code, reason: given })
      return
    }
    // Under a name that cannot collide: the digest prefix, then the original name.
    const copy = await this.quarantineFolder.keep(`${bundleSha256.slice(0, 16)}-${basename(file)}`, bytes)
    const reason = copy.kept ? given : `${given} (${copy.reason})`
    await this.options.store.quarantine({ file, bundleSha256, code, reason, at })
    this.record({ file, bundleSha256, outcome: 'quarantined', code, reason })
  }

  private record(outcome: FileOutcome): void {
    const { summary } = this
    summary.outcomes.push(outcome)
    if (outcome.outcome === 'quarantined') {
      summary.quarantined += 1
      summary[outcome.code === 'FOREIGN_STATION' ? 'foreign' : 'invalid'] += 1
    } else if (outcome.outcome === 'refused') {
      summary.refused += 1
    } else if (outcome.outcome === 'updated') {
      summary.imported += 1
      summary.updated += 1
    } else {
      summary[
        ({ imported: 'imported', duplicate: 'duplicates', unreadable: 'unreadable' } as const)[outcome.outcome]
      ] += 1
    }
  }
}

/** Imports bundle files; each is read only if it is a regular file no larger than a bundle may be. */
export async function importBundleFiles(files: readonly string[], options: ImportOptions): Promise<ImportSummary> {
  const maxBytes = options.maxBundleBytes ?? MAX_BUNDLE_BYTES
  return importBundles(
    files.map((file) => ({ file, read: () => readRegularFile(file, maxBytes) })),
    options,
  )
}

export async function importBundles(sources: readonly BundleSource[], options: ImportOptions): Promise<ImportSummary> {
  const files = sources.map((source) => source.file)
  const now = options.now ?? (() => new Date())
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH)
  const trustedStationKeys = (await options.store.trustedStations()).map((station) => station.publicKeyJwk)
  const run = new ImportRun(options, trustedStationKeys, files.length)
  const readBatch = async (start: number): Promise<ReadFile[]> =>
    Promise.all(sources.slice(start, start + batchSize).map(readBundle))
  // Three batches at a time: the next one read (readRegularFile reads synchronously) before this one is verified, and
  // the previous one written meanwhile (a PostgreSQL server stores it; SQLite writes on this thread, in turn).
  let next = readBatch(0)
  let writing: Promise<void> = Promise.resolve()
  for (let start = 0; start < files.length; start += batchSize) {
    const read = await next
    next = readBatch(start + batchSize)
    const checked = await run.checkBatch(read, now().toISOString())
    await writing
    writing = run.writeBatch(checked)
    // Awaited at the next batch or after the loop; until then a failure must not count as unhandled.
    writing.catch(() => undefined)
  }
  await writing
  await next
  const order = new Map(files.map((file, index) => [file, index]))
  run.summary.outcomes.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0))
  return run.summary
}

/**
 * `imported=N duplicates=N quarantined=N (foreign=N invalid=N)`, plus updated=N when newer versions replaced stored
 * ones and unreadable=N when any file could not be read.
 */
export const summaryLine = (summary: ImportSummary): string =>
  `imported=${String(summary.imported)}${summary.updated > 0 ? ` updated=${String(summary.updated)}` : ''} duplicates=${String(summary.duplicates)} quarantined=${String(summary.quarantined)} ` +
  `(foreign=${String(summary.foreign)} invalid=${String(summary.invalid)})${summary.unreadable > 0 ? ` unreadable=${String(summary.unreadable)}` : ''}`
