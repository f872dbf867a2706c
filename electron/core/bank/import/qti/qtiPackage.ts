import { Unzip, UnzipInflate } from 'fflate'
import { decodeUtf8 } from '../../readTextFile'

/**
 * A QTI content package is a zip from outside: it is read with bounds on its size, its entry count and each
 * entry's declared size, and entry names that would leave the package (`..`, absolute paths, drive letters) are
 * refused, so a hostile zip can neither exhaust memory nor point the importer outside the package.
 */
export const QTI_PACKAGE_LIMITS = {
  /** The zip (or single XML file) itself. */
  inputBytes: 50 * 1024 * 1024,
  entries: 5000,
  /** One XML file, unpacked; items and manifests are far smaller. */
  entryBytes: 10 * 1024 * 1024,
  /** All XML files together, unpacked. */
  totalBytes: 100 * 1024 * 1024,
}
export type QtiPackageLimits = typeof QTI_PACKAGE_LIMITS

export interface QtiPackage {
  /** XML files by their path inside the package, decoded as UTF-8. */
  xml: Map<string, string>
  /** Every file entry's path, XML or not (images, stylesheets): to tell a missing file from one not read. */
  names: Set<string>
}

export type QtiPackageRead = { ok: true; pkg: QtiPackage } | { ok: false; message: string; hint: string }

class PackageRefused extends Error {}

/** True for names that stay inside the package: relative, no `..` segment, no drive letter or backslash root. */
export function safeEntryName(name: string): boolean {
  if (name === '' || /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name) || name.includes('\0')) return false
  return !name.split(/[\\/]/).some((segment) => segment === '..')
}

const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b

/** Joins the chunks of one entry. */
function joined(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/** Compressed bytes handed to the inflater at a time: bounds what one step can unpack (deflate expands ≤ 1032×). */
const PUSH_BYTES = 16 * 1024

/**
 * Reads a zip content package within `limits`; never throws. Entries are unpacked as a stream and counted as they
 * come, because a zip header may lie about sizes: a bomb is stopped after `entryBytes`, whatever it declares.
 */
export function readQtiPackage(bytes: Uint8Array, limits: QtiPackageLimits = QTI_PACKAGE_LIMITS): QtiPackageRead {
  const tooBig = 'the package is too large to be a question bank'
  if (bytes.length > limits.inputBytes) return { ok: false, message: tooBig, hint: 'split it into smaller packages' }
  if (!isZip(bytes))
    return { ok: false, message: 'not a zip file', hint: 'pass a QTI content package (.zip) or one item (.xml)' }
  const names = new Set<string>()
  const files = new Map<string, Uint8Array>()
  let count = 0
  let total = 0
  const refuse = (message: string): never => {
    throw new PackageRefused(message)
  }
  const unzip = new Unzip((entry) => {
    if (++count > limits.entries) refuse(`the package has more than ${limits.entries} entries`)
    if (!safeEntryName(entry.name)) refuse(`entry "${entry.name}" points outside the package`)
    if (entry.name.endsWith('/')) return
    names.add(entry.name)
    if (!/\.xml$/i.test(entry.name)) return
    const tooLarge = `entry "${entry.name}" unpacks to more than ${limits.entryBytes} bytes`
    if ((entry.originalSize ?? 0) > limits.entryBytes) refuse(tooLarge)
    const chunks: Uint8Array[] = []
    let size = 0
    entry.ondata = (error, chunk, final) => {
      if (error) throw error
      size += chunk.length
      total += chunk.length
      if (size > limits.entryBytes) refuse(tooLarge)
      if (total > limits.totalBytes) refuse(`the package's XML unpacks to more than ${limits.totalBytes} bytes`)
      chunks.push(chunk)
      if (final) files.set(entry.name, joined(chunks, size))
    }
    entry.start()
  })
  unzip.register(UnzipInflate)
  try {
    for (let at = 0; at < bytes.length; at += PUSH_BYTES)
      unzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length)
  } catch (error) {
    if (error instanceof PackageRefused)
      return {
        ok: false,
        message: `package refused: ${error.message}`,
        hint: 'import only packages from a source you trust to be whole',
      }
    return {
      ok: false,
      message: `not a readable zip: ${(error as Error).message}`,
      hint: 'check the file is a whole .zip',
    }
  }
  const xml = new Map<string, string>()
  for (const [name, data] of files) {
    const text = decodeUtf8(data)
    if (text === undefined) return { ok: false, message: `"${name}" is not UTF-8`, hint: 'QTI files are UTF-8 XML' }
    xml.set(name, text.replace(/^\uFEFF/, ''))
  }
  return { ok: true, pkg: { xml, names } }
}

/**
 * The package path an href points at, relative to the file it appears in; undefined for hrefs that leave the
 * package (absolute, with a scheme, or climbing above its root).
 */
export function resolveHref(fromFile: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || /^[\\/]/.test(href)) return undefined
  let path: string
  try {
    path = decodeURIComponent(href.replace(/[#?].*$/, ''))
  } catch {
    return undefined
  }
  const segments = fromFile.split('/').slice(0, -1)
  for (const segment of path.split(/[\\/]/)) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (segments.length === 0) return undefined
      segments.pop()
    } else segments.push(segment)
  }
  return segments.join('/')
}

/** A file other than XML that an item refers to (an image), as found in the package or beside an item file. */
export type PackageFile = { bytes: Uint8Array } | { missing: true } | { size: number; tooLarge: true }

/**
 * A second, bounded pass over an already accepted package for the files items refer to: each entry stops unpacking
 * past `maxBytes` (reported as too large, whatever its header declares), and all of them past `totalBytes`.
 */
export function readPackageFiles(
  bytes: Uint8Array,
  wanted: ReadonlySet<string>,
  maxBytes: number,
  totalBytes: number = QTI_PACKAGE_LIMITS.totalBytes,
): Map<string, PackageFile> {
  const found = new Map<string, PackageFile>([...wanted].map((name) => [name, { missing: true }]))
  if (wanted.size === 0) return found
  let total = 0
  const unzip = new Unzip((entry) => {
    if (!wanted.has(entry.name) || !safeEntryName(entry.name)) return
    const chunks: Uint8Array[] = []
    let size = 0
    const tooLarge = (): void => {
      found.set(entry.name, { size, tooLarge: true })
      entry.terminate()
    }
    if ((entry.originalSize ?? 0) > maxBytes)
      return void found.set(entry.name, { size: entry.originalSize ?? 0, tooLarge: true })
    entry.ondata = (error, chunk, final) => {
      if (error) throw error
      size += chunk.length
      total += chunk.length
      if (size > maxBytes || total > totalBytes) return tooLarge()
      chunks.push(chunk)
      if (final) found.set(entry.name, { bytes: joined(chunks, size) })
    }
    entry.start()
  })
  unzip.register(UnzipInflate)
  try {
    for (let at = 0; at < bytes.length; at += PUSH_BYTES)
      unzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length)
  } catch {
    // The first pass read this package whole; a failure now leaves the files it did not reach missing.
  }
  return found
}
