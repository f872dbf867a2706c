import { CompactSign, compactVerify } from 'jose'
import { z } from 'zod'
import { canonicalJson } from '../base/canonicalJson'
import { fromBase64urlStrict } from '../crypto/base64url'
import { formatPath } from '../bank/diagnostics'
import { authorityKeyId, authorityPrivateKey, authorityPublicKey } from '../package/authorityKeys'
import { openPackage, verifyPackage } from '../package/examPackage'
import type { VerifiedPackage } from '../package/examPackage'
import { PackageError } from '../package/packageError'
import { sittingProblems } from './sittingChecks'
import { SittingError } from './sittingError'
import { SITTING_FORMAT, SITTING_TYP, sittingPayloadSchema } from './sittingSchema'
import type { SittingPayload } from './sittingSchema'

/**
 * The sitting file: one JWS compact serialization (no trailing newline; one is accepted on read) signed with the
 * exam authority's Ed25519 key, exactly as packages are. Verification trusts nothing inside before the signature
 * checks out under a trusted authority; only then are the payload, the embedded packages and the cross-checks read.
 */
export interface VerifiedSitting {
  header: { alg: 'EdDSA'; typ: typeof SITTING_TYP; kid: string }
  payload: SittingPayload
  /** The embedded packages, each verified on its own against the same trusted authorities, in payload order. */
  packages: VerifiedPackage[]
}

const headerSchema = z.strictObject({
  alg: z.literal('EdDSA'),
  typ: z.literal(SITTING_TYP),
  kid: z.string().regex(/^[0-9a-f]{16}$/),
})

const REBUILD = 'rebuild it with `invigil sitting build` and copy it again'
const invalid = (message: string): SittingError => new SittingError('SITTING_INVALID', message)

/** Signs a payload as it stands; callers check it first (buildSitting does, and verifies the result). */
export async function signSitting(payload: SittingPayload, authorityPrivateKeyPem: string): Promise<string> {
  const key = authorityPrivateKey(authorityPrivateKeyPem)
  return new CompactSign(new TextEncoder().encode(canonicalJson(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: SITTING_TYP, kid: authorityKeyId(key) })
    .sign(key)
}

function readHeader(compact: string): z.infer<typeof headerSchema> {
  const segments = compact.split('.')
  const notSitting = `this is not an ${SITTING_FORMAT} file (expected a signed JWS: header.payload.signature)`
  if (segments.length !== 3) throw invalid(notSitting)
  let header: unknown
  try {
    header = JSON.parse(fromBase64urlStrict(segments[0] ?? '').toString('utf8'))
  } catch {
    throw invalid(`${notSitting}; its header cannot be read`)
  }
  const parsed = headerSchema.safeParse(header)
  if (!parsed.success) throw invalid(`${notSitting}; its header is not a sitting's`)
  return parsed.data
}

/** Signature first: the key must be trusted and every byte must be the one the authority signed. */
async function signedPayload(compact: string, trustedPems: readonly string[], kid: string): Promise<unknown> {
  const trusted = trustedPems.map(authorityPublicKey)
  const key = trusted.find((candidate) => authorityKeyId(candidate) === kid)
  if (!key) {
    const known = trusted.map(authorityKeyId).join(', ') || 'none'
    throw new SittingError(
      'SITTING_UNTRUSTED',
      `the sitting is signed by authority key ${kid}, which is not trusted here (trusted: ${known}); ` +
        "use a sitting signed by your exam authority, or add that authority's public key if it is one you trust",
    )
  }
  let bytes: Uint8Array
  try {
    // Strict base64url first: a lenient decoder accepts other spellings of the same bytes.
    compact.split('.').forEach((segment) => fromBase64urlStrict(segment))
    bytes = (await compactVerify(compact, key, { algorithms: ['EdDSA'] })).payload
  } catch {
    throw new SittingError(
      'SITTING_ALTERED',
      `the sitting's signature does not verify under authority key ${kid}: the file was changed after it was signed; ${REBUILD}`,
    )
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw invalid('the signed payload is not JSON')
  }
}

async function verifyEmbedded(payload: SittingPayload, trustedPems: readonly string[]): Promise<VerifiedPackage[]> {
  const verified: VerifiedPackage[] = []
  for (const [index, pkg] of payload.packages.entries()) {
    const which = `package ${String(index + 1)} (exam ${pkg.exam_id})`
    try {
      const checked = await verifyPackage(pkg.text, trustedPems)
      if (checked.packageHash !== pkg.sha256)
        throw new PackageError('PACKAGE_INVALID', 'it does not match its listed SHA-256')
      if (checked.bank_id !== pkg.exam_id || checked.encrypted !== pkg.encrypted)
        throw new PackageError('PACKAGE_INVALID', 'it is not the package its listing names (exam id or encryption)')
      if (!checked.encrypted && (await openPackage(checked)).bank.title !== pkg.title)
        throw new PackageError('PACKAGE_INVALID', 'its bank title does not match its listing in the sitting')
      verified.push(checked)
    } catch (error) {
      if (!(error instanceof PackageError)) throw error
      const code = error.code === 'PACKAGE_UNTRUSTED' ? 'SITTING_PACKAGE_UNTRUSTED' : 'SITTING_PACKAGE_INVALID'
      throw new SittingError(
        code,
        `${which} is refused: ${error.message}; rebuild the sitting from packages your authority signed`,
      )
    }
  }
  return verified
}

/**
 * Verifies a sitting file against the trusted authority public keys (SPKI PEM), in order: signature, payload
 * schema, each embedded package (signature and hash), cross-checks. Throws a SittingError naming the first failure.
 */
export async function verifySitting(text: string, trustedAuthorityPems: readonly string[]): Promise<VerifiedSitting> {
  const compact = text.endsWith('\n') ? text.slice(0, -1) : text
  const header = readHeader(compact)
  const data = await signedPayload(compact, trustedAuthorityPems, header.kid)
  const parsed = sittingPayloadSchema.safeParse(data)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map(
        (issue) =>
          `${formatPath(issue.path.map((p) => (typeof p === 'number' ? p : String(p)))) || '(top level)'}: ${issue.message}`,
      )
    throw invalid(`the signed payload is not an ${SITTING_FORMAT} sitting (${issues.join('; ')}); ${REBUILD}`)
  }
  const payload = parsed.data
  const packages = await verifyEmbedded(payload, trustedAuthorityPems)
  const problems = sittingProblems(payload)
  if (problems.length > 0) {
    const listed = problems
      .slice(0, 5)
      .map((problem) => `${formatPath(problem.path)}: ${problem.message} (${problem.hint})`)
    const more = problems.length > 5 ? `; and ${String(problems.length - 5)} more` : ''
    throw invalid(`the sitting does not hold together: ${listed.join('; ')}${more}`)
  }
  return { header, payload, packages }
}
