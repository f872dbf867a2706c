import type { KeyObject } from 'node:crypto'
import type { JWK } from 'jose'
import { isAscii } from 'node:buffer'
import { fromBase64urlStrict, isCanonicalAsciiBase64url } from '../crypto/base64url'
import { parseCanonicalJson } from '../base/canonicalJson'
import { ed25519KeyId } from '../crypto/ed25519Keys'
import { cachedEd25519PublicKey, verifyEd25519, verifyEd25519OffThread } from '../crypto/ed25519Verify'
import { checkBundleContent, decodePayload } from './bundleContent'
import { decryptBundle } from './bundleEncryption'
import { isResultManifest } from './manifestCheck'
import type { AuthorityKey } from './bundleEncryption'
import { BundleError, bundleHeaderSchema, resultManifestSchema } from './bundleFormat'
import type { BundleHeader, BundleProblem, ResultManifest } from './bundleFormat'

/**
 * The result bundle verifier, kept near the cost of its raw crypto (base64url decoding, one Ed25519 verify, the
 * SHA-256 chain): each part decoded once (the payload into a reused buffer), one key object per station, the manifest
 * parsed once and its canonical form checked by a byte scan, each event line read in one pass that checks JSON,
 * canonical form and shape together (checkEventLines), the signature optionally off the main thread.
 */

export interface VerifyBundleOptions {
  /** When given, the signing key must be one of these (Ed25519 public JWKs); otherwise the header's key is used as is. */
  trustedStationKeys?: readonly JWK[]
  /** The exam authority's X25519 private key: needed, and only then accepted, for an encrypted (JWE) bundle. */
  authorityPrivateKey?: AuthorityKey
  /**
   * Check the signature on the libuv threadpool while this thread checks the payload: for a caller verifying many
   * bundles at once (the results import), so they use both cores. The verdict is the same either way.
   */
  signatureOffThread?: boolean
}

export type VerifyBundleResult =
  | {
      ok: true
      manifest: ResultManifest
      /** The manifest's canonical JSON exactly as the signed payload carries it. */
      manifestJson: string
      eventLines: string[]
      encrypted: boolean
    }
  | ({ ok: false } & BundleProblem)

const fail = (code: BundleProblem['code'], reason: string): { ok: false } & BundleProblem => ({
  ok: false,
  code,
  reason,
})

const SIGNATURE_FAILS = 'the signature does not verify with the station key: the bundle was altered'

/** Compact serialization: base64url parts and dots, nothing else; no whitespace, no newline, no padding. */
const COMPACT = /^[A-Za-z0-9_.-]*$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** JSON that must be exactly the canonical form its writer produced (`bytes`: its UTF-8); undefined otherwise. */
function parseCanonical(text: string, bytes?: Uint8Array, start?: number, end?: number): unknown {
  const parsed = parseCanonicalJson(text, bytes, start, end)
  return parsed?.canonical === true ? parsed.value : undefined
}

function decodeStrict(text: string): Buffer | undefined {
  try {
    return fromBase64urlStrict(text)
  } catch {
    return undefined
  }
}

/**
 * The buffer a signed bundle's payload is decoded into, reused from bundle to bundle: allocating a fresh one (tens of
 * KB, outside the JavaScript heap) cost more CPU than decoding into it. Only verifyJws uses it, and only between
 * decoding and checkPayload, with no await in between, so concurrent verifications never share it; nothing it holds
 * outlives the call (lines, manifest and events are strings and values copied out of it). Bundles past the cap get
 * their own buffer, so a huge one does not stay allocated.
 */
const MAX_REUSED_PAYLOAD_CHARS = 1 << 20
let reusedPayload = Buffer.alloc(0)

/**
 * decodeStrict into the reused buffer: the same bytes and the same canonical check, without an allocation. `text` is
 * ASCII: verifyBundle refuses anything else first.
 */
function decodeStrictReused(text: string): Buffer | undefined {
  if (text.length > MAX_REUSED_PAYLOAD_CHARS) return decodeStrict(text)
  // Room for every character: base64url decodes to at most three bytes per four characters.
  if (reusedPayload.length < text.length) reusedPayload = Buffer.allocUnsafeSlow(Math.max(text.length, 64 * 1024))
  const bytes = reusedPayload.subarray(0, reusedPayload.write(text, 0, 'base64url'))
  return isCanonicalAsciiBase64url(text, bytes.length) ? bytes : undefined
}

/**
 * Exactly `count` non-empty parts, each the one canonical base64url encoding of its bytes. The part at `reused` (a
 * signed bundle's payload) is decoded into the reused buffer.
 */
function decodeParts(parts: readonly string[], count: number, reused = -1): Buffer[] | undefined {
  if (parts.length !== count) return undefined
  const decoded = parts.map((part, index) => (index === reused ? decodeStrictReused(part) : decodeStrict(part)))
  return decoded.every((part): part is Buffer => part !== undefined && part.length > 0) ? decoded : undefined
}

const NOT_COMPACT =
  'the file holds characters outside the compact serialization (whitespace, a newline, padding or other bytes)'

/** A refusal of text that did not decode: worded by the cheap checks' order (stray characters first). */
const malformed = (text: string, expected: string): { ok: false } & BundleProblem =>
  fail('MALFORMED', COMPACT.test(text) ? expected : NOT_COMPACT)

interface CheckedHeader {
  header: BundleHeader
  key: KeyObject
}

/**
 * Headers that checked out, by their base64url text: a station signs every bundle under the same header, so an import
 * checks it once per station. Bounded like the key cache; the trusted-key check still runs on every call.
 */
const MAX_CACHED_HEADERS = 4096
const checkedHeaders = new Map<string, CheckedHeader>()

function checkHeader(part: string, bytes: Buffer, options: VerifyBundleOptions): CheckedHeader | BundleProblem {
  const checked = checkedHeaders.get(part) ?? readHeader(bytes)
  if ('code' in checked) return checked
  if (!checkedHeaders.has(part)) {
    if (checkedHeaders.size >= MAX_CACHED_HEADERS) checkedHeaders.clear()
    checkedHeaders.set(part, checked)
  }
  const { header } = checked
  const trusted = options.trustedStationKeys
  if (trusted && !trusted.some((key) => key.kty === 'OKP' && key.crv === 'Ed25519' && key.x === header.jwk.x)) {
    return { code: 'UNTRUSTED_KEY', reason: `station ${header.kid} is not one of the trusted station keys` }
  }
  return checked
}

function readHeader(bytes: Buffer): CheckedHeader | BundleProblem {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return { code: 'BAD_HEADER', reason: 'the header is not UTF-8' }
  }
  const parsed = bundleHeaderSchema.safeParse(parseCanonical(text))
  if (!parsed.success)
    return { code: 'BAD_HEADER', reason: 'the header is not exactly {alg: EdDSA, typ, kid, jwk} in canonical JSON' }
  const header = parsed.data
  const raw = decodeStrict(header.jwk.x)
  if (raw?.length !== 32)
    return { code: 'BAD_HEADER', reason: 'the header key is not a canonically encoded 32-byte Ed25519 key' }
  if (ed25519KeyId(raw) !== header.kid)
    return { code: 'BAD_HEADER', reason: 'kid is not the station id of the header key' }
  try {
    return { header, key: cachedEd25519PublicKey(header.jwk.x, raw) }
  } catch {
    return { code: 'BAD_SIGNATURE', reason: SIGNATURE_FAILS }
  }
}

function checkPayload(
  bytes: Buffer,
  header: BundleHeader,
): { manifest: ResultManifest; manifestJson: string; eventLines: string[] } | BundleProblem {
  const lines = decodePayload(bytes)
  if (!lines) return { code: 'BAD_MANIFEST', reason: 'the payload is not UTF-8' }
  const { manifestLine, eventLines } = lines
  const value = parseCanonical(manifestLine, lines.bytes, 0, lines.manifestEnd)
  // The hand check accepts only what zod accepts; zod has the last word (and the message) on anything else.
  const parsed = isResultManifest(value)
    ? { success: true as const, data: value }
    : resultManifestSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      code: 'BAD_MANIFEST',
      reason: `the manifest is not valid canonical JSON (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
    }
  }
  const manifest = parsed.data
  if (manifest.station.id !== header.kid)
    return { code: 'INCONSISTENT', reason: 'the manifest names another station than the signer' }
  return (
    checkBundleContent(manifest, eventLines, lines.eventBytes) ?? { manifest, manifestJson: manifestLine, eventLines }
  )
}

/** `text` is the compact JWS; `source` its bytes when the caller has them, so the signing input is not copied. */
async function verifyJws(
  text: string,
  source: Buffer | undefined,
  options: VerifyBundleOptions,
  encrypted: boolean,
  split: readonly string[] = text.split('.'),
): Promise<VerifyBundleResult> {
  const parts = decodeParts(split, 3, 1)
  if (!parts) return malformed(text, 'not a compact JWS: expected three canonical base64url parts joined by "."')
  const [headerBytes = Buffer.alloc(0), payload = Buffer.alloc(0), signature = Buffer.alloc(0)] = parts
  if (signature.length !== 64) return fail('MALFORMED', 'the signature is not 64 bytes')
  const checked = checkHeader(split[0] ?? '', headerBytes, options)
  if ('code' in checked) return { ok: false, ...checked }
  const signingLength = (split[0] ?? '').length + 1 + (split[1] ?? '').length
  const signingInput = source ? source.subarray(0, signingLength) : Buffer.from(text.slice(0, signingLength), 'latin1')
  // Off the thread, the payload is checked while the signature is; a bad signature still wins over any content
  // problem, so the verdict is the one the in-thread order gives.
  const signed = options.signatureOffThread
    ? verifyEd25519OffThread(signingInput, checked.key, signature)
    : verifyEd25519(signingInput, checked.key, signature)
  if (signed === false) return fail('BAD_SIGNATURE', SIGNATURE_FAILS)
  const content = checkPayload(payload, checked.header)
  if (!(await signed)) return fail('BAD_SIGNATURE', SIGNATURE_FAILS)
  if ('code' in content) return { ok: false, ...content }
  return { ok: true, ...content, encrypted }
}

/**
 * Verifies a result bundle file's bytes. Every byte counts: anything but the exact serialization the writer
 * produces fails, as does a signature, key, manifest or event log that does not hold up. Never throws for bad
 * input; the reason says what is wrong.
 */
export async function verifyBundle(
  bytes: Uint8Array | string,
  options: VerifyBundleOptions = {},
): Promise<VerifyBundleResult> {
  const source = typeof bytes === 'string' ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const text = source ? source.toString('latin1') : (bytes as string)
  // A compact serialization is ASCII. Anything else is refused here, as the part checks below refused it, so those
  // checks may take every character as ASCII.
  if (!(source ? isAscii(source) : Buffer.byteLength(text, 'utf8') === text.length))
    return fail('MALFORMED', NOT_COMPACT)
  // The signed form is checked character by character as its parts decode; only the encrypted form scans first.
  // Split once: a signed bundle's parts are what verifyJws decodes.
  const split = text.split('.')
  if (split.length !== 5) return verifyJws(text, source, options, false, split)
  if (!COMPACT.test(text)) return fail('MALFORMED', NOT_COMPACT)
  if (!options.authorityPrivateKey)
    return fail('ENCRYPTED', 'the bundle is encrypted; give the exam authority private key to verify it')
  if (!decodeParts(split, 5))
    return fail('MALFORMED', 'not a compact JWE: expected five canonical base64url parts joined by "."')
  let inner: string
  try {
    inner = await decryptBundle(text, options.authorityPrivateKey)
  } catch (error) {
    if (error instanceof BundleError) return fail('DECRYPTION_FAILED', error.message)
    throw error
  }
  if (!COMPACT.test(inner) || inner.split('.').length !== 3)
    return fail('MALFORMED', 'the encrypted content is not a result bundle')
  return verifyJws(inner, undefined, options, true)
}
