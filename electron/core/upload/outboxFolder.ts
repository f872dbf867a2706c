import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import { OutboxError, outboxEntrySchema } from './outboxEntry'
import type { OutboxEntry } from './outboxEntry'

/**
 * The outbox on disk:
 *   DIR/bundles/<sha256>.jws   the bundle's bytes, copied in at enqueue (the original may be moved or deleted)
 *   DIR/entries/<sha256>.json  its delivery state (OutboxEntry)
 *   DIR/run.lock               held while a run sends, so two runs never race on one entry
 * Bytes are written before their entry, and removed only after a `delivered` entry is durable; an entry without
 * bytes is never written, and bytes without an entry (a crash between the two writes) are simply enqueued again.
 */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const SHA_FILE = /^([0-9a-f]{64})\.json$/

export class OutboxFolder {
  constructor(readonly dir: string) {}

  private entryPath(sha256: string): string {
    return join(this.dir, 'entries', `${sha256}.json`)
  }

  bundlePath(sha256: string): string {
    return join(this.dir, 'bundles', `${sha256}.jws`)
  }

  async ensure(): Promise<void> {
    try {
      await mkdir(join(this.dir, 'entries'), { recursive: true })
      await mkdir(join(this.dir, 'bundles'), { recursive: true })
    } catch (error) {
      throw new OutboxError('OUTBOX_UNREADABLE', `cannot create the outbox ${this.dir}: ${(error as Error).message}`, {
        cause: error,
      })
    }
  }

  async writeEntry(entry: OutboxEntry): Promise<void> {
    await writeFileAtomic(this.entryPath(entry.sha256), `${JSON.stringify(outboxEntrySchema.parse(entry), null, 2)}\n`)
  }

  /** The entry, or undefined when there is none; a damaged entry file is an error, never silently skipped. */
  async readEntry(sha256: string): Promise<OutboxEntry | undefined> {
    let text: string
    try {
      text = await readFile(this.entryPath(sha256), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new OutboxError('OUTBOX_UNREADABLE', `cannot read ${this.entryPath(sha256)}: ${(error as Error).message}`, {
        cause: error,
      })
    }
    const parsed = outboxEntrySchema.safeParse(parseJson(text))
    if (!parsed.success || parsed.data.sha256 !== sha256) {
      throw new OutboxError(
        'CORRUPT_ENTRY',
        `${this.entryPath(sha256)} is not a valid outbox entry; move it aside and enqueue the bundle again`,
      )
    }
    return parsed.data
  }

  /** Every entry, oldest enqueued first. Temporary files of an interrupted write are ignored. */
  async listEntries(): Promise<OutboxEntry[]> {
    let names: string[]
    try {
      names = await readdir(join(this.dir, 'entries'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new OutboxError('OUTBOX_UNREADABLE', `cannot read the outbox ${this.dir}: ${(error as Error).message}`, {
        cause: error,
      })
    }
    const shas = names.flatMap((name) => SHA_FILE.exec(name)?.slice(1, 2) ?? [])
    const entries = await Promise.all(shas.map((sha) => this.readEntry(sha)))
    return entries
      .filter((entry): entry is OutboxEntry => entry !== undefined)
      .sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt) || a.sha256.localeCompare(b.sha256))
  }

  async writeBundle(sha256: string, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.bundlePath(sha256), bytes, 0o600)
  }

  /** The bundle's bytes, or undefined when they are gone. */
  async readBundle(sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.bundlePath(sha256))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async removeBundle(sha256: string): Promise<void> {
    await rm(this.bundlePath(sha256), { force: true })
  }
}
