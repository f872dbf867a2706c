import { createHash } from 'node:crypto'
import { CompactSign } from 'jose'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../base/canonicalJson'
import { authorityPrivateKey, generateAuthorityKeys } from './authorityKeys'
import { buildPackage, openPackage, PACKAGE_TYP, verifyPackage } from './examPackage'
import { tinyBank } from './testing/tinyBank'

const authority = generateAuthorityKeys()
const now = new Date('2026-11-23T09:00:00.000Z')

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (
    !(error instanceof Error) ||
    error.name !== 'PackageError' ||
    !('code' in error) ||
    typeof error.code !== 'string'
  ) {
    throw new Error(`expected a PackageError, got ${String(error)}`)
  }
  return { code: error.code, message: error.message }
}

describe('exam package', () => {
  it('builds, verifies and opens: the bank comes back with its delivery settings', async () => {
    const text = await buildPackage({ bank: tinyBank, authorityPrivateKeyPem: authority.privateKeyPem, now })
    const verified = await verifyPackage(text, [authority.publicKeyPem])
    expect(verified).toMatchObject({
      header: { alg: 'EdDSA', typ: PACKAGE_TYP, kid: authority.keyId },
      format: 'invigil-package/1',
      created_at: '2026-11-23T09:00:00.000Z',
      bank_id: 'tiny',
      encrypted: false,
      packageHash: createHash('sha256').update(text).digest('hex'),
    })
    expect(await openPackage(verified)).toEqual({
      bank: tinyBank,
      settings: { duration_minutes: 30, accommodations_allowed: true },
    })
    // Bare RFC 7515 compact JWS: three base64url segments, no trailing newline (jwcrypto and PyJWT refuse one).
    expect(text).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    // A package written with the old trailing newline, or given one by an editor, changes the hash, not the verdict.
    for (const ending of ['\n', '\r\n']) {
      await expect(verifyPackage(`${text}${ending}`, [authority.publicKeyPem])).resolves.toMatchObject({
        bank_id: 'tiny',
      })
    }
  })

  it('carries the authority overrides', async () => {
    const settings = {
      duration_minutes: 45,
      accommodations_allowed: false,
      shuffle: { items: true },
      multiple_scoring: 'partial',
      pass_mark: 3,
    } as const
    const text = await buildPackage({ bank: tinyBank, settings, authorityPrivateKeyPem: authority.privateKeyPem, now })
    expect((await openPackage(await verifyPackage(text, [authority.publicKeyPem]))).settings).toEqual(settings)
  })

  it('refuses settings that do not fit the bank', async () => {
    const build = (settings: object) =>
      buildPackage({ bank: tinyBank, settings, authorityPrivateKeyPem: authority.privateKeyPem, now })
    expect(await refusal(build({ pass_mark: 6 }))).toMatchObject({
      code: 'PACKAGE_SETTINGS_INVALID',
      message: expect.stringMatching(/total of 5 points/),
    })
    expect(await refusal(build({ duration: 30 }))).toMatchObject({
      code: 'PACKAGE_SETTINGS_INVALID',
      message: expect.stringMatching(/duration/),
    })
  })

  it('is refused when signed by an authority the station does not trust, naming the key', async () => {
    const text = await buildPackage({ bank: tinyBank, authorityPrivateKeyPem: authority.privateKeyPem, now })
    const other = generateAuthorityKeys()
    const error = await refusal(verifyPackage(text, [other.publicKeyPem]))
    expect(error.code).toBe('PACKAGE_UNTRUSTED')
    expect(error.message).toContain(authority.keyId)
    expect(error.message).toContain(other.keyId)
    expect((await refusal(verifyPackage(text, []))).code).toBe('PACKAGE_UNTRUSTED')
    // Trusting several authorities is fine: the kid picks the right one.
    await expect(verifyPackage(text, [other.publicKeyPem, authority.publicKeyPem])).resolves.toMatchObject({
      bank_id: 'tiny',
    })
  })

  it('is refused after any single-character change anywhere in the file', async () => {
    const text = await buildPackage({ bank: tinyBank, authorityPrivateKeyPem: authority.privateKeyPem, now })
    const codes = new Set<string>()
    for (let i = 0; i < text.length; i++) {
      // Another base64url character: the change a transport error or a careful forger would make.
      const replacement = text[i] === 'A' ? 'B' : 'A'
      const altered = text.slice(0, i) + replacement + text.slice(i + 1)
      const error = await refusal(verifyPackage(altered, [authority.publicKeyPem]))
      codes.add(error.code)
    }
    // The sharpest case: the signature's last character differs only in bits a lenient decoder ignores.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = text.length - 1
    const lowBitFlipped =
      text.slice(0, last) + (alphabet[alphabet.indexOf(text[last] ?? 'A') ^ 1] ?? '') + text.slice(last + 1)
    expect(Buffer.from(lowBitFlipped.trim().split('.')[2] ?? '', 'base64url')).toEqual(
      Buffer.from(text.trim().split('.')[2] ?? '', 'base64url'),
    )
    expect((await refusal(verifyPackage(lowBitFlipped, [authority.publicKeyPem]))).message).toMatch(
      /canonical base64url/,
    )
    expect(text.length).toBeGreaterThan(300)
    // A change inside the kid may name an untrusted key rather than break the header; either way it is refused.
    expect([...codes].every((code) => code === 'PACKAGE_INVALID' || code === 'PACKAGE_UNTRUSTED')).toBe(true)
  })

  it('refuses a signed payload of another format, naming the expected one', async () => {
    const key = authorityPrivateKey(authority.privateKeyPem)
    const payload = canonicalJson({
      format: 'invigil-package/2',
      created_at: now.toISOString(),
      bank_id: 'tiny',
      content: {},
    })
    const text = await new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: 'EdDSA', typ: PACKAGE_TYP, kid: authority.keyId })
      .sign(key)
    const error = await refusal(verifyPackage(text, [authority.publicKeyPem]))
    expect(error).toMatchObject({ code: 'PACKAGE_INVALID', message: expect.stringMatching(/invigil-package\/1/) })
  })

  it('refuses a key that is not an Ed25519 PEM', async () => {
    expect((await refusal(buildPackage({ bank: tinyBank, authorityPrivateKeyPem: 'nonsense', now }))).code).toBe(
      'AUTHORITY_KEY_INVALID',
    )
    const text = await buildPackage({ bank: tinyBank, authorityPrivateKeyPem: authority.privateKeyPem, now })
    expect((await refusal(verifyPackage(text, [authority.privateKeyPem.replace(/PRIVATE/g, 'PUBLIC')]))).code).toBe(
      'AUTHORITY_KEY_INVALID',
    )
  })
})

describe('an encrypted exam package', () => {
  const password = '開考密碼 7391'
  const built = buildPackage({ bank: tinyBank, authorityPrivateKeyPem: authority.privateKeyPem, password, now })

  it('is verified before any password, and hides the questions', async () => {
    const text = await built
    const verified = await verifyPackage(text, [authority.publicKeyPem])
    expect(verified).toMatchObject({ encrypted: true, bank_id: 'tiny' })
    const signedPayload = Buffer.from(text.split('.')[1] ?? '', 'base64url').toString('utf8')
    expect(signedPayload).not.toContain('地球')
    expect(typeof verified.content).toBe('string')
  })

  it('opens only with the right start password', async () => {
    const verified = await verifyPackage(await built, [authority.publicKeyPem])
    expect(await refusal(openPackage(verified))).toMatchObject({ code: 'PACKAGE_PASSWORD_REQUIRED' })
    expect(await refusal(openPackage(verified, '開考密碼 7390'))).toMatchObject({
      code: 'PACKAGE_PASSWORD_WRONG',
      message: expect.stringMatching(/wrong/),
    })
    expect((await openPackage(verified, password)).bank).toEqual(tinyBank)
  })

  it('uses at least 600 000 PBES2 iterations', async () => {
    const verified = await verifyPackage(await built, [authority.publicKeyPem])
    const jweHeader = JSON.parse(
      Buffer.from(String(verified.content).split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>
    expect(jweHeader).toMatchObject({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM' })
    expect(jweHeader.p2c).toBeGreaterThanOrEqual(600_000)
  })
})
