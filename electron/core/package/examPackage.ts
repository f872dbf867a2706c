import { createHash } from 'node:crypto'
import { compactDecrypt, CompactEncrypt, CompactSign, compactVerify, errors } from 'jose'
import { z } from 'zod'
import { bankSchema } from '../bank/schema'
import type { Bank } from '../bank/schema'
import { assetsSchema } from '../bank/assets/bankAssets'
import type { BankAsset } from '../bank/assets/bankAssets'
import { fromBase64urlStrict } from '../crypto/base64url'
import { canonicalJson } from '../base/canonicalJson'
import { authorityKeyId, authorityPrivateKey, authorityPublicKey } from './authorityKeys'
import { PackageError } from './packageError'
import { deliverySettingsSchema, packageSettingsSchema, resolveDeliverySettings } from './packageSettings'
import type { DeliverySettings, PackageSettings } from './packageSettings'

/** The payload's format identifier; the JWS `typ` says what kind of signed object this is. */
export const PACKAGE_FORMAT = 'invigil-package/1'
export const PACKAGE_TYP = 'invigil-package+jws'
/** PBKDF2-HMAC-SHA512 iterations for the start password: well above OWASP's 210 000, about 0.3 s per build and per open. */
export const PACKAGE_PASSWORD_ITERATIONS = 600_000
const KEY_WRAP = 'PBES2-HS512+A256KW'
const CONTENT_ENC = 'A256GCM'

/** What a package delivers: the validated bank and the settings to deliver it with. */
export interface PackageContent {
  bank: Bank
  settings: DeliverySettings
  /** A markdown bank's images, content-addressed (SHA-256); absent when it shows none. */
  assets?: BankAsset[]
}

export interface BuildPackageInput {
  bank: Bank
  /** As written by the authority; defaults are filled in from the bank. */
  settings?: PackageSettings
  /** The bank's images as loadBankFile read them: signed (and encrypted) with the bank. */
  assets?: BankAsset[]
  authorityPrivateKeyPem: string
  /** Encrypts the content so it is unreadable until the start password is given at the station. */
  password?: string
  now: Date
}

export interface VerifiedPackage {
  header: { alg: 'EdDSA'; typ: typeof PACKAGE_TYP; kid: string }
  format: typeof PACKAGE_FORMAT
  created_at: string
  bank_id: string
  encrypted: boolean
  /** SHA-256 (hex) of the package file exactly as given: what results and logs cite. */
  packageHash: string
  /** The signed content: a JWE compact string when encrypted, else the plain {bank, settings}. Read it with openPackage. */
  content: unknown
}

const headerSchema = z.strictObject({
  alg: z.literal('EdDSA'),
  typ: z.literal(PACKAGE_TYP),
  kid: z.string().regex(/^[0-9a-f]{16}$/),
})

const payloadSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT, { error: `format must be "${PACKAGE_FORMAT}"` }),
  created_at: z.iso.datetime(),
  bank_id: z.string().min(1),
  content: z.union([
    z.string().regex(/^[\w-]+\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+$/),
    z.strictObject({ bank: z.unknown(), settings: z.unknown(), assets: z.unknown().optional() }),
  ]),
})

const contentSchema = z.strictObject({ bank: bankSchema, settings: deliverySettingsSchema, assets: assetsSchema })

const encoder = new TextEncoder()
/** NFC: the same password typed through different input methods must open the package. */
const passwordBytes = (password: string): Uint8Array => encoder.encode(password.normalize('NFC'))

const invalid = (message: string): PackageError => new PackageError('PACKAGE_INVALID', message)

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ')
}

function resolveSettings(bank: Bank, settings: PackageSettings | undefined): DeliverySettings {
  const parsed = packageSettingsSchema.safeParse(settings ?? {})
  if (!parsed.success)
    throw new PackageError('PACKAGE_SETTINGS_INVALID', `the delivery settings are invalid: ${issuesText(parsed.error)}`)
  const resolved = resolveDeliverySettings(bank, parsed.data)
  if (resolved.problems.length > 0) {
    throw new PackageError(
      'PACKAGE_SETTINGS_INVALID',
      `the delivery settings are invalid: ${resolved.problems.map((p) => p.message).join('; ')}`,
    )
  }
  return resolved.settings
}

/**
 * Builds a package file: encrypt (if a password is given), then sign, so a station can check who published it
 * before anyone types a password. Returns the file text: the bare JWS compact serialization, with no trailing newline,
 * because RFC 7515 allows none and strict readers (jwcrypto, PyJWT) refuse the file with one.
 */
export async function buildPackage(input: BuildPackageInput): Promise<string> {
  const key = authorityPrivateKey(input.authorityPrivateKeyPem)
  const plain: PackageContent = {
    bank: input.bank,
    settings: resolveSettings(input.bank, input.settings),
    ...(input.assets && input.assets.length > 0 ? { assets: input.assets } : {}),
  }
  let content: PackageContent | string = plain
  if (input.password !== undefined) {
    if (input.password.normalize('NFC').length === 0)
      throw new PackageError('PACKAGE_PASSWORD_REQUIRED', 'the start password must not be empty')
    content = await new CompactEncrypt(encoder.encode(canonicalJson(plain)))
      .setProtectedHeader({ alg: KEY_WRAP, enc: CONTENT_ENC })
      .setKeyManagementParameters({ p2c: PACKAGE_PASSWORD_ITERATIONS })
      .encrypt(passwordBytes(input.password))
  }
  const payload = canonicalJson({
    format: PACKAGE_FORMAT,
    created_at: input.now.toISOString(),
    bank_id: input.bank.id,
    content,
  })
  const jws = await new CompactSign(encoder.encode(payload))
    .setProtectedHeader({ alg: 'EdDSA', typ: PACKAGE_TYP, kid: authorityKeyId(key) })
    .sign(key)
  return jws
}

/** The protected header, after checking every segment is canonical base64url. */
function decodeHeader(compact: string): unknown {
  const segments = compact.split('.')
  if (segments.length !== 3)
    throw invalid('this is not an Invigil package (expected a signed JWS: header.payload.signature)')
  let decoded: Buffer[]
  try {
    // Strict: a lenient decoder accepts other spellings of the same signature, so an altered file would still verify.
    decoded = segments.map(fromBase64urlStrict)
  } catch {
    throw invalid('the package is damaged: a part of it is not canonical base64url')
  }
  try {
    return JSON.parse(decoded[0]?.toString('utf8') ?? '')
  } catch {
    throw invalid('the package is damaged: its header is not JSON')
  }
}

/**
 * Checks a package file: the signature must verify under one of the trusted authority keys. Nothing is
 * decrypted, so this needs no password.
 */
export async function verifyPackage(
  fileText: string,
  trustedAuthorityPublicKeys: readonly string[],
): Promise<VerifiedPackage> {
  // The hash is of the file as given, so it matches `sha256sum` of the file. One trailing line break is accepted:
  // packages written before they became bare JWS end in one, and an editor may add one.
  const packageHash = createHash('sha256').update(fileText, 'utf8').digest('hex')
  const compact = fileText.replace(/\r?\n$/, '')
  const header = headerSchema.safeParse(decodeHeader(compact))
  if (!header.success)
    throw invalid(`the package header is not that of an ${PACKAGE_FORMAT} file (${issuesText(header.error)})`)

  const trusted = trustedAuthorityPublicKeys.map(authorityPublicKey)
  const key = trusted.find((candidate) => authorityKeyId(candidate) === header.data.kid)
  if (!key) {
    const known = trusted.map(authorityKeyId).join(', ') || 'none'
    throw new PackageError(
      'PACKAGE_UNTRUSTED',
      `the package is signed by authority key ${header.data.kid}, which is not trusted here (trusted: ${known})`,
    )
  }
  let payloadBytes: Uint8Array
  try {
    payloadBytes = (await compactVerify(compact, key, { algorithms: ['EdDSA'] })).payload
  } catch {
    throw invalid(
      `the package signature does not verify under authority key ${header.data.kid}: the file was altered after signing`,
    )
  }

  let payloadData: unknown
  try {
    payloadData = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes))
  } catch {
    throw invalid('the signed payload is not JSON')
  }
  const payload = payloadSchema.safeParse(payloadData)
  if (!payload.success)
    throw invalid(`the signed payload is not an ${PACKAGE_FORMAT} payload (${issuesText(payload.error)})`)
  const { format, created_at, bank_id, content } = payload.data
  // A plain package is checked here as install checks it, so `package verify` cannot say ok to what a station refuses.
  if (typeof content !== 'string') checkPackageContent(content, bank_id)
  return {
    header: header.data,
    format,
    created_at,
    bank_id,
    encrypted: typeof content === 'string',
    packageHash,
    content,
  }
}

async function decryptContent(jwe: string, password: string | undefined): Promise<unknown> {
  if (password === undefined || password.length === 0) {
    throw new PackageError(
      'PACKAGE_PASSWORD_REQUIRED',
      'this package is encrypted: enter its start password to open it',
    )
  }
  let plaintext: Uint8Array
  try {
    const options = {
      keyManagementAlgorithms: [KEY_WRAP],
      contentEncryptionAlgorithms: [CONTENT_ENC],
      maxPBES2Count: 10 * PACKAGE_PASSWORD_ITERATIONS,
    }
    plaintext = (await compactDecrypt(jwe, passwordBytes(password), options)).plaintext
  } catch (error) {
    if (error instanceof errors.JWEDecryptionFailed)
      throw new PackageError('PACKAGE_PASSWORD_WRONG', 'the start password is wrong')
    throw invalid(`the encrypted content cannot be read: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext))
  } catch {
    throw invalid('the decrypted content is not JSON')
  }
}

/**
 * The one check of a package's content, made by verifyPackage (plain content) and openPackage (after decrypting):
 * a valid bank (its bounds included) with valid settings, and the bank the signed payload names.
 */
function checkPackageContent(data: unknown, bankId: string): PackageContent {
  const parsed = contentSchema.safeParse(data)
  if (!parsed.success)
    throw invalid(`the package content is not a valid bank with settings (${issuesText(parsed.error)})`)
  if (parsed.data.bank.id !== bankId) {
    throw invalid(`the package names bank ${bankId} but holds bank ${parsed.data.bank.id}`)
  }
  return parsed.data
}

/** Opens a verified package: decrypts it if needed (the password is ignored for a plain one) and validates the bank. */
export async function openPackage(verified: VerifiedPackage, password?: string): Promise<PackageContent> {
  const data =
    typeof verified.content === 'string' ? await decryptContent(verified.content, password) : verified.content
  return checkPackageContent(data, verified.bank_id)
}
