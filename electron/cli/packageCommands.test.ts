import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompactSign } from 'jose'
import { describe, expect, it } from 'vitest'
import { installPackageText } from '../core/admin/packageInstall'
import { canonicalJson } from '../core/base/canonicalJson'
import { authorityPrivateKey, generateAuthorityKeys } from '../core/package/authorityKeys'
import { buildPackage, PACKAGE_FORMAT, PACKAGE_TYP, verifyPackage } from '../core/package/examPackage'
import { tinyBank } from '../core/package/testing/tinyBank'
import { main } from './main'

// Issue #11: `package verify` said ok to a package that install refuses (a bank id that is not the one the signed
// payload names). Both now make one check, so they refuse it alike: the same code, the same words.
const authority = generateAuthorityKeys()
const dir = mkdtempSync(join(tmpdir(), 'invigil-package-cli-'))
const file = (name: string, content: string): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}
const authorityPem = file('authority.pub.pem', authority.publicKeyPem)

/** A package the authority really signed, whose payload names one bank and holds another. */
async function mismatchedPackage(): Promise<string> {
  const payload = canonicalJson({
    format: PACKAGE_FORMAT,
    created_at: '2026-11-23T09:00:00.000Z',
    bank_id: 'tiny',
    content: { bank: { ...tinyBank, id: 'other' }, settings: { duration_minutes: 30, accommodations_allowed: true } },
  })
  return new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader({ alg: 'EdDSA', typ: PACKAGE_TYP, kid: authority.keyId })
    .sign(authorityPrivateKey(authority.privateKeyPem))
}

/** A package built from a bank object no validator saw: points adding up to Infinity, 2^53 minutes. */
const unboundedPackage = (): Promise<string> => {
  const [section] = tinyBank.sections
  if (!section) throw new Error('tinyBank has a section')
  const items = section.items.map((item) => ({ ...item, points: 1e308 }))
  return buildPackage({
    bank: { ...tinyBank, duration_minutes: 2 ** 53, sections: [{ ...section, items }] },
    settings: { duration_minutes: 30 },
    authorityPrivateKeyPem: authority.privateKeyPem,
    now: new Date('2026-11-23T09:00:00.000Z'),
  })
}

async function refusal(promise: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (reason: unknown) => reason as Error & { code?: unknown },
  )
  expect(error.name).toBe('PackageError')
  return { code: (error as { code?: unknown }).code, message: error.message }
}

async function verifyCli(path: string) {
  let stdout = ''
  const code = await main(['package', 'verify', path, '--authority', authorityPem], {
    out: (text) => void (stdout += text),
    err: () => undefined,
  })
  return { code, stdout }
}

describe('package verify and install make one check of the content', () => {
  it.each([
    ['a bank id other than the one the payload names', mismatchedPackage, /names bank tiny but holds bank other/],
    ['a bank past the bounds (points, duration)', unboundedPackage, /points.*100000|duration_minutes.*1440/],
  ])('both refuse %s, with the same code and message', async (_, make, words) => {
    const text = await make()
    const verified = await refusal(verifyPackage(text, [authority.publicKeyPem]))
    const installs: unknown[] = []
    const installed = await refusal(
      installPackageText(
        (input) => {
          installs.push(input)
          throw new Error('install must not be reached')
        },
        [authority.publicKeyPem],
        text,
      ),
    )
    expect(verified).toEqual(installed)
    expect(verified).toMatchObject({ code: 'PACKAGE_INVALID', message: expect.stringMatching(words) })
    expect(installs).toEqual([])

    const path = file('exam.pkg', text)
    expect(await verifyCli(path)).toEqual({ code: 1, stdout: `invalid: ${path}: ${verified.message}\n` })
  })

  it('verify still says ok to a sound package', async () => {
    const text = await buildPackage({
      bank: tinyBank,
      authorityPrivateKeyPem: authority.privateKeyPem,
      now: new Date('2026-11-23T09:00:00.000Z'),
    })
    const { code, stdout } = await verifyCli(file('sound.pkg', text))
    expect(code).toBe(0)
    expect(stdout).toMatch(/^ok: .*bank tiny, .*not encrypted/)
  })
})
