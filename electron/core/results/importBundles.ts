import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { AuthorityKey } from '../bundle/bundleEncryption'
import { admitBundle } from './bundleAdmission'
import type { AdmissionContext } from './bundleAdmission'
import type { NewResult, QuarantineCode, ResultsStore } from './resultsStore'

/**
 * Imports bundle files into a results store: each verified and admitted (bundleAdmission), good ones stored,
 * refused ones quarantined (a row in the store and a copy of the file; the original is never touched). Importing
 * a bundle again changes nothing. Files go in batches: one digest lookup, concurrent verification (the signature
 * check runs on libuv's thread pool, so it overlaps the checks on the main thread) and one transaction per batch.
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
  | { file: string; bundleSha256: string; outcome: 'imported' | 'duplicate' }
  | { file: string; bundleSha256: string; outcome: 'quarantined'; code: QuarantineCode; reason: string }
  /** Not a verdict on a bundle: the import could not read the file at all. */
  | { file: string; outcome: 'unreadable'; reason: string }

export interface ImportSummary extends ImportProgress {
  /** Quarantined because no enrolled station signed them; `invalid` is every other quarantine reason. */
  foreign: number
  invalid: number
  unreadable: number
  outcomes: FileOutcome[]
}

export interface ImportOptions {
  store: ResultsStore
  /** Where copies of refused bundles go (created when first needed). */
  quarantineDir: string
  /** The exam authority's X25519 private key, to open encrypted (JWE) bundles. */
  authorityPrivateKey?: AuthorityKey
  onProgress?: (progress: ImportProgress) => void
  now?: () => Date
  /** Files per batch (and per store transaction). */
  batchSize?: number
}

const DEFAULT_BATCH = 200

type ReadFile = { file: string; bytes: Buffer; bundleSha256: string } | { file: string; error: string }

async function readBundleFile(file: string): Promise<ReadFile> {
  try {
    const bytes = await readFile(file)
    return { file, bytes, bundleSha256: createHash('sha256').update(bytes).digest('hex') }
  } catch (error) {
    return { file, error: (error as Error).message }
  }
}

/** Copies a refused bundle aside under a name that cannot collide: the digest prefix, then the original name. */
async function copyToQuarantine(dir: string, file: string, bundleSha256: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  try {
    await copyFile(file, join(dir, `${bundleSha256.slice(0, 16)}-${basename(file)}`), constants.COPYFILE_EXCL)
  } catch (error) {
    // Already there from an earlier import: the same digest and name mean the same bytes.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/** One import's running tally; each batch is read, looked up, verified and stored in turn. */
class ImportRun {
  readonly summary: ImportSummary

  constructor(
    private readonly options: ImportOptions,
    private readonly trustedStationKeys: AdmissionContext['trustedStationKeys'],
    total: number,
  ) {
    this.summary = {
      done: 0,
      total,
      imported: 0,
      duplicates: 0,
      quarantined: 0,
      foreign: 0,
      invalid: 0,
      unreadable: 0,
      outcomes: [],
    }
  }

  async importBatch(read: readonly ReadFile[], at: string): Promise<void> {
    const { store, authorityPrivateKey } = this.options
    const context: AdmissionContext = {
      trustedStationKeys: this.trustedStationKeys,
      importedAt: at,
      ...(authorityPrivateKey ? { authorityPrivateKey } : {}),
    }
    const readable = read.filter((entry) => 'bytes' in entry)
    const known = await store.knownBundles(readable.map((entry) => entry.bundleSha256))
    const fresh = readable.filter((entry) => !known.has(entry.bundleSha256))
    const verdicts = await Promise.all(
      fresh.map(async (entry) => ({ entry, admission: await admitBundle(entry.bytes, entry.bundleSha256, context) })),
    )

    const good: { file: string; entry: NewResult }[] = []
    for (const { entry, admission } of verdicts) {
      if (admission.ok) good.push({ file: entry.file, entry: { result: admission.result, bundle: entry.bytes } })
      else await this.refuse(entry.file, entry.bundleSha256, admission.code, admission.reason, at)
    }
    const outcomes = await store.storeResults(good.map(({ entry }) => entry))
    for (const [index, { file, entry }] of good.entries()) {
      const { bundleSha256, stationId, sessionId } = entry.result
      const outcome = outcomes[index]
      if (outcome === 'conflict') {
        await this.refuse(
          file,
          bundleSha256,
          'SESSION_CONFLICT',
          `station ${stationId} session ${sessionId} is already stored with a different event log`,
          at,
        )
      } else {
        this.record({ file, bundleSha256, outcome: outcome === 'stored' ? 'imported' : 'duplicate' })
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
    file: string,
    bundleSha256: string,
    code: QuarantineCode,
    reason: string,
    at: string,
  ): Promise<void> {
    await copyToQuarantine(this.options.quarantineDir, file, bundleSha256)
    await this.options.store.quarantine({ file, bundleSha256, code, reason, at })
    this.record({ file, bundleSha256, outcome: 'quarantined', code, reason })
  }

  private record(outcome: FileOutcome): void {
    const { summary } = this
    summary.outcomes.push(outcome)
    if (outcome.outcome === 'quarantined') {
      summary.quarantined += 1
      summary[outcome.code === 'FOREIGN_STATION' ? 'foreign' : 'invalid'] += 1
    } else {
      summary[
        ({ imported: 'imported', duplicate: 'duplicates', unreadable: 'unreadable' } as const)[outcome.outcome]
      ] += 1
    }
  }
}

export async function importBundleFiles(files: readonly string[], options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => new Date())
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH)
  const trustedStationKeys = (await options.store.trustedStations()).map((station) => station.publicKeyJwk)
  const run = new ImportRun(options, trustedStationKeys, files.length)
  const readBatch = async (start: number): Promise<ReadFile[]> =>
    Promise.all(files.slice(start, start + batchSize).map(readBundleFile))
  // The next batch is read from disk while this one is verified and stored.
  let next = readBatch(0)
  for (let start = 0; start < files.length; start += batchSize) {
    const read = await next
    next = readBatch(start + batchSize)
    await run.importBatch(read, now().toISOString())
  }
  await next
  const order = new Map(files.map((file, index) => [file, index]))
  run.summary.outcomes.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0))
  return run.summary
}

/** `imported=N duplicates=N quarantined=N (foreign=N invalid=N)`, plus unreadable=N when any file could not be read. */
export const summaryLine = (summary: ImportSummary): string =>
  `imported=${String(summary.imported)} duplicates=${String(summary.duplicates)} quarantined=${String(summary.quarantined)} ` +
  `(foreign=${String(summary.foreign)} invalid=${String(summary.invalid)})${summary.unreadable > 0 ? ` unreadable=${String(summary.unreadable)}` : ''}`
