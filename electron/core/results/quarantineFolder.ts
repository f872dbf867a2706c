import { lstat, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../fs/writeFileAtomic'

/**
 * The folder of copies of refused bundles, bounded in files and in bytes, so that no stream of refusals can fill
 * the disk. At a bound the copy is refused, not made room for: the oldest copies are the evidence someone may
 * already be looking into, and the refused bundle itself is not lost (an imported file is never touched, and an
 * intake sender keeps what the server refused). The store's row still records the refusal and its reason.
 * The folder is counted once, when the first copy is due; one import (or one intake) keeps its own tally after
 * that, and its copies are made one at a time.
 */
export interface QuarantineLimits {
  maxFiles: number
  maxBytes: number
}

export const DEFAULT_QUARANTINE_LIMITS: QuarantineLimits = { maxFiles: 10_000, maxBytes: 512 * 1024 * 1024 }

export type KeptCopy = { kept: true } | { kept: false; reason: string }

interface Usage {
  names: Set<string>
  bytes: number
}

export class QuarantineFolder {
  private usage: Promise<Usage> | undefined

  constructor(
    readonly dir: string,
    readonly limits: QuarantineLimits = DEFAULT_QUARANTINE_LIMITS,
  ) {}

  private async count(): Promise<Usage> {
    await mkdir(this.dir, { recursive: true })
    const names = await readdir(this.dir)
    let bytes = 0
    for (const name of names) bytes += (await lstat(join(this.dir, name)).catch(() => undefined))?.size ?? 0
    return { names: new Set(names), bytes }
  }

  /** Keeps a copy under `name` unless a bound forbids it; the same name again is the same bytes, kept once. */
  async keep(name: string, bytes: Uint8Array): Promise<KeptCopy> {
    this.usage ??= this.count()
    const usage = await this.usage
    if (usage.names.has(name)) return { kept: true }
    const { maxFiles, maxBytes } = this.limits
    if (usage.names.size + 1 > maxFiles || usage.bytes + bytes.length > maxBytes)
      return {
        kept: false,
        reason: `no copy kept: the quarantine folder ${this.dir} is at its limit (${String(maxFiles)} files, ${String(maxBytes)} bytes)`,
      }
    usage.names.add(name)
    usage.bytes += bytes.length
    await writeFileAtomic(join(this.dir, name), bytes, 0o600)
    return { kept: true }
  }
}
