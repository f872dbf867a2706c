import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** A path the command line named that does not exist: nothing was imported. */
export class BundleFilesError extends Error {
  override readonly name = 'BundleFilesError'
  readonly code = 'NO_SUCH_PATH'
}

/**
 * The largest bundle anything here reads or accepts: a bundle of a long exam with many events is well under a
 * megabyte, so this bounds the memory a file can make us use, never a real bundle.
 */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024

/** Bundle files by extension: signed (JWS) and encrypted to the exam authority (JWE). */
const BUNDLE_FILE = /\.(jws|jwe)$/i

async function walk(dir: string, skip: string, into: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      // The quarantine folder holds copies of refused bundles: importing it again would only refuse them again.
      if (resolve(path) !== skip) await walk(path, skip, into)
    } else if (BUNDLE_FILE.test(entry.name)) {
      // Links and special files too (never a directory through a link): the reader refuses them, with the reason,
      // where skipping them would leave the operator wondering.
      into.push(path)
    }
  }
}

/**
 * The bundle files DIR|FILE arguments name: a file as given (whatever its name), a directory searched recursively
 * for *.jws and *.jwe in name order, skipping `quarantineDir` and never entering a linked directory. Each file
 * once, in argument order.
 */
export async function expandBundleArgs(args: readonly string[], quarantineDir: string): Promise<string[]> {
  const skip = resolve(quarantineDir)
  const files: string[] = []
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined)
    if (!info) throw new BundleFilesError(`${arg}: no such file or directory`)
    if (info.isDirectory()) await walk(arg, skip, files)
    else files.push(arg)
  }
  const seen = new Set<string>()
  return files.filter((file) => {
    const key = resolve(file)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
