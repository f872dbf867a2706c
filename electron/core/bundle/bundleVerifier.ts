import { compactVerify } from 'jose'
import type { JWK } from 'jose'
import { fromBase64urlStrict } from '../crypto/base64url'
import { canonicalJson } from '../base/canonicalJson'
import { ed25519KeyId } from '../crypto/ed25519Keys'
import { checkBundleContent } from './bundleContent'
import type { BundleProblem } from './bundleContent'
import { decryptBundle } from './bundleEncryption'
import type { AuthorityKey } from './bundleEncryption'
import { BundleError, bundleHeaderSchema, resultManifestSchema } from './bundleFormat'
import type { BundleHeader, ResultManifest } from './bundleFormat'

export interface VerifyBundleOptions {
  /** When given, the signing key must be one of these (Ed25519 public JWKs); otherwise the header's key is used as is. */
  trustedStationKeys?: readonly JWK[]
  /** The exam authority's X25519 private key: needed, and only then accepted, for an encrypted (JWE) bundle. */
  authorityPrivateKey?: AuthorityKey
}

export type VerifyBundleResult =
  { ok: true; manifest: ResultManifest; eventLines: string[]; encrypted: boolean } | ({ ok: false } & BundleProblem)

const fail = (code: BundleProblem['code'], reason: string): { ok: false } & BundleProblem => ({
  ok: false,
  code,
  reason,
})

/** Compact serialization: base64url parts and dots, nothing else; no whitespace, no newline, no padding. */
const COMPACT = /^[A-Za-z0-9_.-]*$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** JSON that must be exactly the canonical form its writer produced; undefined otherwise. */
function parseCanonical(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text)
    return canonicalJson(value) === text ? value : undefined
  } catch {
    return undefined
  }
}

function decodeStrict(text: string): Buffer | undefined {
  try {
    return fromBase64urlStrict(text)
  } catch {
    return undefined
  }
}

/** Exactly `count` non-empty parts, each the one canonical base64url encoding of its bytes. */
function decodeParts(text: string, count: number): Buffer[] | undefined {
  const parts = text.split('.').map(decodeStrict)
  return parts.length === count && parts.every((part): part is Buffer => part !== undefined && part.length > 0)
    ? parts
    : undefined
}

function checkHeader(bytes: Buffer, options: VerifyBundleOptions): BundleHeader | BundleProblem {
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
  const trusted = options.trustedStationKeys
  if (trusted && !trusted.some((key) => key.kty === 'OKP' && key.crv === 'Ed25519' && key.x === header.jwk.x)) {
    return { code: 'UNTRUSTED_KEY', reason: `station ${header.kid} is not one of the trusted station keys` }
  }
  return header
}

function checkPayload(
  bytes: Uint8Array,
  header: BundleHeader,
): { manifest: ResultManifest; eventLines: string[] } | BundleProblem {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return { code: 'BAD_MANIFEST', reason: 'the payload is not UTF-8' }
  }
  const [manifestLine = '', ...eventLines] = text.split('\n')
  const parsed = resultManifestSchema.safeParse(parseCanonical(manifestLine))
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
  return checkBundleContent(manifest, eventLines) ?? { manifest, eventLines }
}

async function verifyJws(text: string, options: VerifyBundleOptions, encrypted: boolean): Promise<VerifyBundleResult> {
  const parts = decodeParts(text, 3)
  if (!parts) return fail('MALFORMED', 'not a compact JWS: expected three canonical base64url parts joined by "."')
  const [headerBytes = Buffer.alloc(0), , signature = Buffer.alloc(0)] = parts
  if (signature.length !== 64) return fail('MALFORMED', 'the signature is not 64 bytes')
  const header = checkHeader(headerBytes, options)
  if ('code' in header) return { ok: false, ...header }
  let payload: Uint8Array
  try {
    payload = (await compactVerify(text, { ...header.jwk }, { algorithms: ['EdDSA'] })).payload
  } catch {
    return fail('BAD_SIGNATURE', 'the signature does not verify with the station key: the bundle was altered')
  }
  const content = checkPayload(Buffer.from(payload), header)
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
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1')
  if (!COMPACT.test(text))
    return fail(
      'MALFORMED',
      'the file holds characters outside the compact serialization (whitespace, a newline, padding or other bytes)',
    )
  if (text.split('.').length !== 5) return verifyJws(text, options, false)
  if (!options.authorityPrivateKey)
    return fail('ENCRYPTED', 'the bundle is encrypted; give the exam authority private key to verify it')
  if (!decodeParts(text, 5))
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
  return verifyJws(inner, options, true)
}
