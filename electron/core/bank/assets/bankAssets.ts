import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { z } from 'zod'
import type { BankProblem } from '../locate'
import { richFields } from '../richText/richFields'
import { imageReferences } from '../richText/richMarkdown'
import { imageMediaType } from './imageType'
import type { Bank } from '../schema'
import { sanitizeSvg } from './svgSanitizer'

/** The largest image a bank may show: a screenshot or diagram, not a photo archive. */
export const MAX_ASSET_BYTES = 2 * 1024 * 1024

/**
 * An image of a markdown bank as a package carries it: named by its path in the bank, addressed by the SHA-256 of
 * its bytes (what the station serves it by), SVGs already sanitised. Signed with the bank, and encrypted with it.
 */
export const bankAssetSchema = z.strictObject({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  media_type: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml']),
  data: z.base64(),
})
export type BankAsset = z.infer<typeof bankAssetSchema>

export const assetsSchema = z
  .array(bankAssetSchema)
  .optional()
  .superRefine((assets, ctx) => {
    for (const asset of assets ?? []) {
      const bytes = Buffer.from(asset.data, 'base64')
      if (sha256(bytes) !== asset.sha256) ctx.addIssue({ code: 'custom', message: `${asset.path}: hash mismatch` })
      if (imageMediaType(bytes) !== asset.media_type)
        ctx.addIssue({ code: 'custom', message: `${asset.path}: not a ${asset.media_type}` })
    }
  })

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const HINT_TYPES = 'a bank shows PNG, JPEG, WebP and SVG images'

/** Why an image path cannot be read beside the bank, or undefined if it can. */
function pathProblem(path: string): string | undefined {
  if (path === '') return 'an image has no path'
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//'))
    return `image "${path}" is a URL; a station is offline, so images are files beside the bank`
  if (isAbsolute(path) || path.startsWith('/') || path.includes('\\'))
    return `image "${path}" must be a relative path with "/" (e.g. images/net.png)`
  return undefined
}

/**
 * Reads, checks and embeds every image a markdown bank refers to: a relative path inside the bank's folder, a file
 * that exists, at most 2 MB, a PNG, JPEG, WebP or SVG by its first bytes, and alt text for screen readers. Each
 * problem is located at the text that names the image. A plain bank has no images.
 */
export async function readBankAssets(
  bank: Bank,
  bankDir: string,
): Promise<{ assets: BankAsset[]; problems: BankProblem[] }> {
  const problems: BankProblem[] = []
  const byPath = new Map<string, BankAsset | undefined>()
  for (const field of richFields(bank)) {
    for (const { path, alt } of imageReferences(field.text)) {
      const at = (message: string, hint: string): void => {
        problems.push({ severity: 'error', path: field.path, message, hint })
      }
      if (alt === '')
        at(`image "${path}" has no alt text`, 'describe the image for screen readers: ![a network diagram](path)')
      const wrong = pathProblem(path)
      if (wrong) {
        at(wrong, "put the image in the bank's folder and write its path from there")
        continue
      }
      if (byPath.has(path)) continue
      let file: string
      try {
        file = resolve(bankDir, decodeURI(path))
      } catch {
        at(`image "${path}" has a malformed %-escape`, 'write the file name as it is')
        continue
      }
      const inside = relative(resolve(bankDir), file)
      if (inside.startsWith('..') || isAbsolute(inside)) {
        at(`image "${path}" is outside the bank's folder`, "images are packaged from the bank's folder and below")
        byPath.set(path, undefined)
        continue
      }
      byPath.set(path, await readAsset(path, file, at))
    }
  }
  const assets = [...byPath.values()].filter((asset): asset is BankAsset => asset !== undefined)
  return { assets, problems }
}

/**
 * What the validator says of an image's size and, given its bytes, of its kind; undefined when both are fine. Shared
 * with importers, so an image they bring in is refused with the validator's own words.
 */
export function assetProblem(
  path: string,
  size: number,
  bytes?: Uint8Array,
): { message: string; hint: string } | undefined {
  if (size > MAX_ASSET_BYTES)
    return {
      message: `image "${path}" is ${(size / 1024 / 1024).toFixed(1)} MB; at most 2 MB`,
      hint: 'scale it down or compress it',
    }
  if (bytes && !imageMediaType(bytes))
    return { message: `"${path}" is not a PNG, JPEG, WebP or SVG image`, hint: HINT_TYPES }
  return undefined
}

async function readAsset(
  path: string,
  file: string,
  at: (message: string, hint: string) => void,
): Promise<BankAsset | undefined> {
  let size: number
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new Error('not a file')
    size = info.size
  } catch {
    at(`image "${path}" does not exist beside the bank`, 'check the file name and its folder; paths are case-sensitive')
    return undefined
  }
  const tooLarge = assetProblem(path, size)
  if (tooLarge) return void at(tooLarge.message, tooLarge.hint)
  const bytes = await readFile(file)
  const wrongType = assetProblem(path, size, bytes)
  const mediaType = imageMediaType(bytes)
  if (wrongType || !mediaType) return void at(wrongType?.message ?? '', wrongType?.hint ?? HINT_TYPES)
  const data = mediaType === 'image/svg+xml' ? await cleanSvg(bytes) : bytes
  if (!data) return void at(emptySvgMessage(path), HINT_TYPES)
  return { path, sha256: sha256(data), media_type: mediaType, data: data.toString('base64') }
}

const emptySvgMessage = (path: string): string =>
  `"${path}" holds nothing an SVG may show once scripts and outside references are removed`

/** An SVG as a package carries it, sanitised; undefined when nothing an SVG may show is left. */
async function cleanSvg(bytes: Uint8Array): Promise<Buffer | undefined> {
  const data = Buffer.from(await sanitizeSvg(Buffer.from(bytes).toString('utf8')), 'utf8')
  return imageMediaType(data) === 'image/svg+xml' ? data : undefined
}

/** For importers: the validator's refusal of an SVG that keeps nothing once sanitised; undefined for other images. */
export async function svgProblem(
  path: string,
  bytes: Uint8Array,
): Promise<{ message: string; hint: string } | undefined> {
  if (imageMediaType(bytes) !== 'image/svg+xml' || (await cleanSvg(bytes))) return undefined
  return { message: emptySvgMessage(path), hint: HINT_TYPES }
}

/** Where the station serves an asset: one URL for app:// and the browser host alike, relative to the page's origin. */
export const examAssetUrl = (sha: string): string => `/exam-assets/${sha}`
