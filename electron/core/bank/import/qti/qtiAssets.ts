import { lstatSync, readFileSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import { assetProblem, MAX_ASSET_BYTES } from '../../assets/bankAssets'
import type { Diagnostic } from '../../diagnostics'
import { formatPath } from '../../diagnostics'
import { richFields } from '../../richText/richFields'
import { imageReferences } from '../../richText/richMarkdown'
import type { Bank } from '../../schema'
import type { ImportReport } from '../importReporter'
import { escapeMarkdown } from './bodyMarkdown'
import type { ImageSink } from './bodyMarkdown'
import { resolveHref } from './qtiPackage'
import type { PackageFile } from './qtiPackage'

/**
 * The images a QTI import brings into a Markdown bank. Each `<img>` is resolved against the file it sits in and
 * must stay inside the package (or, for one item file, inside its folder); it is written beside the bank as
 * `<folder>/<name>`, the name made safe and unique. Missing, oversized and non-image files are located errors worded
 * as `bank validate` words them, so what the import writes always validates.
 */

/** An image to write, by its path relative to the bank file's folder. */
export interface ImportedAsset {
  path: string
  bytes: Uint8Array
  /** The image as the package names it, for messages about it. */
  source: string
}

/** Reads the files items refer to, by package path, all in one go. */
export type PackageFiles = (paths: ReadonlySet<string>) => Map<string, PackageFile>

/** The files of a single item's folder, read only below it and never through a symbolic link. */
export function filesBeside(dir: string): PackageFiles {
  return (paths) =>
    new Map(
      [...paths].map((path): [string, PackageFile] => {
        const file = resolve(dir, path)
        const inside = relative(resolve(dir), file)
        if (inside.startsWith('..') || isAbsolute(inside)) return [path, { missing: true }]
        try {
          const info = lstatSync(file)
          if (!info.isFile()) return [path, { missing: true }]
          if (info.size > MAX_ASSET_BYTES) return [path, { size: info.size, tooLarge: true }]
          return [path, { bytes: new Uint8Array(readFileSync(file)) }]
        } catch {
          return [path, { missing: true }]
        }
      }),
    )
}

/** A file or folder name of letters, digits, `.`, `_` and `-` only: no space, bracket or `%` for Markdown to read. */
export const safeName = (name: string, fallback: string): string =>
  name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/-+(?=\.[^.]*$)/, '')
    .replace(/^[.-]+|-+$/g, '') || fallback

interface Wanted {
  bankPath: string
  src: string
  report: ImportReport
  offset: number
}

export function createAssetRegistry(folder: string, files: PackageFiles, where: string) {
  const wanted = new Map<string, Wanted>()
  const taken = new Set<string>()
  const dir = safeName(folder, 'assets')

  /** A name no other image of this import has, compared without case (macOS and Windows file systems). */
  const uniquePath = (packagePath: string): string => {
    const base = safeName(packagePath.split('/').pop() ?? '', 'image')
    const dot = base.lastIndexOf('.')
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, '']
    for (let n = 1; ; n++) {
      const path = `${dir}/${n === 1 ? stem : `${stem}-${n}`}${ext}`
      if (!taken.has(path.toLowerCase())) {
        taken.add(path.toLowerCase())
        return path
      }
    }
  }

  const sinkFor =
    (fromFile: string, report: ImportReport): ImageSink =>
    (element, notice) => {
      const src = (element.attrs.src ?? '').trim()
      const at = element.start
      const refuse = (message: string, hint: string): string => {
        notice({ offset: at, severity: 'error', message, hint })
        return ''
      }
      if (src === '') return refuse('an image has no src', 'name the image file in the src attribute')
      if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//'))
        return refuse(
          `image "${src}" is a URL; a station is offline, so images are files in the package`,
          'put the image in the package and name it by its path there',
        )
      const packagePath = resolveHref(fromFile, src)
      if (packagePath === undefined || packagePath === '')
        return refuse(`image "${src}" is outside ${where}`, `an item may show only images inside ${where}`)
      let entry = wanted.get(packagePath)
      if (!entry) {
        entry = { bankPath: uniquePath(packagePath), src, report, offset: at }
        wanted.set(packagePath, entry)
      }
      let alt = (element.attrs.alt ?? '').replace(/\s+/g, ' ').trim()
      if (alt === '') {
        const title = (element.attrs.title ?? '').replace(/\s+/g, ' ').trim()
        alt = title || (packagePath.split('/').pop() ?? '').replace(/\.[^.]*$/, '') || 'image'
        notice({
          offset: at,
          message: `image "${src}" has no alt text; its ${title ? 'title' : 'file name'} "${alt}" is written as the alt text`,
          hint: 'describe the image for screen readers in the bank: ![a network diagram](path)',
        })
      }
      return `![${escapeMarkdown(alt)}](${entry.bankPath})`
    }

  /** Reads every image asked for; reports the ones that cannot be carried where they were first named. */
  const finish = (): ImportedAsset[] => {
    const read = files(new Set(wanted.keys()))
    const assets: ImportedAsset[] = []
    for (const [packagePath, { bankPath, src, report, offset }] of wanted) {
      const file = read.get(packagePath) ?? { missing: true }
      if ('missing' in file) {
        report('error', offset, `image "${src}" is not in ${where}`, `${where} must hold every image its items show`)
        continue
      }
      const problem =
        'tooLarge' in file ? assetProblem(src, file.size) : assetProblem(src, file.bytes.length, file.bytes)
      if (problem) report('error', offset, problem.message, problem.hint)
      else if ('bytes' in file) assets.push({ path: bankPath, bytes: file.bytes, source: packagePath })
    }
    return assets
  }

  return { sinkFor, finish }
}

/** Where the export puts a markdown bank's image inside the package: under media/, by its path in the bank. */
export const MEDIA_FOLDER = 'media'

/**
 * A package Invigil exported from a markdown bank carries its texts as written, images as `![alt](path)`, and each
 * image under media/ by that path: they come back to the same path beside the bank, so the bank reads as it did.
 */
export function carryBankImages(
  bank: Bank,
  files: PackageFiles,
  file: string,
  diagnostics: Diagnostic[],
): ImportedAsset[] {
  const wanted = new Map<string, string>()
  for (const field of richFields(bank))
    for (const { path } of imageReferences(field.text)) {
      let decoded: string | undefined
      try {
        decoded = decodeURI(path)
      } catch {
        decoded = undefined
      }
      const safe =
        decoded !== undefined &&
        !/^[a-z][a-z0-9+.-]*:/i.test(path) &&
        !/^[\\/]/.test(decoded) &&
        !decoded.includes('\\') &&
        !decoded.split('/').some((segment) => segment === '..' || segment === '')
      if (!safe || decoded === undefined) {
        diagnostics.push({
          severity: 'error',
          file,
          line: 0,
          column: 0,
          path: formatPath(field.path),
          message: `image "${path}" is not a path inside the bank's folder`,
          hint: "images are files in the bank's folder and below",
        })
        continue
      }
      wanted.set(`${MEDIA_FOLDER}/${path}`, decoded)
    }
  const read = files(new Set(wanted.keys()))
  const assets: ImportedAsset[] = []
  for (const [packagePath, path] of wanted) {
    const found = read.get(packagePath) ?? { missing: true }
    const whole = (message: string, hint: string): void =>
      void diagnostics.push({ severity: 'error', file, line: 0, column: 0, path: '', message, hint })
    if ('missing' in found) whole(`image "${packagePath}" is not in the package`, 'export the bank again')
    else if ('tooLarge' in found) whole(assetProblem(path, found.size)?.message ?? '', 'scale it down or compress it')
    else {
      const problem = assetProblem(path, found.bytes.length, found.bytes)
      if (problem) whole(problem.message, problem.hint)
      else assets.push({ path, bytes: found.bytes, source: packagePath })
    }
  }
  return assets
}
