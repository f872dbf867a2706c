import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateAuthorityKeys } from '../package/authorityKeys'
import { buildPackage } from '../package/examPackage'
import { tinyBank } from '../package/testing/tinyBank'
import { signSitting, verifySitting } from './sittingFile'
import type { SittingPayload } from './sittingSchema'
import { now, sittingKit } from './testing/sittingKit'
import type { SittingKit } from './testing/sittingKit'

let kit: SittingKit
let text: string
let payload: SittingPayload

beforeAll(async () => {
  kit = await sittingKit()
  const built = await kit.build()
  text = built.text ?? ''
  payload = built.sitting?.payload as SittingPayload
})

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof Error) || error.name !== 'SittingError' || !('code' in error))
    throw new Error(`expected a SittingError, got ${String(error)}`)
  return { code: String(error.code), message: error.message }
}

/** The attack: the authority's own key signs a payload that breaks a rule; the verifier must still refuse it. */
const signedWith = (edit: (copy: SittingPayload) => void): Promise<string> => {
  const copy = structuredClone(payload)
  edit(copy)
  return signSitting(copy, kit.authority.privateKeyPem)
}
const verify = (file: string) => verifySitting(file, [kit.authority.publicKeyPem])

describe('verifySitting', () => {
  it('refuses a sitting signed by a key that is not trusted, before reading anything in it', async () => {
    const stranger = generateAuthorityKeys()
    const forged = await signSitting({ ...payload, title: 'Forged' }, stranger.privateKeyPem)
    const { code, message } = await refusal(verify(forged))
    expect(code).toBe('SITTING_UNTRUSTED')
    expect(message).toContain(
      `authority key ${stranger.keyId}, which is not trusted here (trusted: ${kit.authority.keyId})`,
    )
    expect(await refusal(verifySitting(text, []))).toMatchObject({ code: 'SITTING_UNTRUSTED' })
  })

  it('refuses a sitting with one payload byte changed: the signature no longer verifies', async () => {
    const [header, body, signature] = text.split('.')
    const bytes = Buffer.from(body ?? '', 'base64url')
    for (const offset of [0, 100, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const altered = Buffer.from(bytes)
      altered[offset] = (altered[offset] ?? 0) ^ 0x01
      const file = [header, altered.toString('base64url'), signature].join('.')
      expect(await refusal(verify(file))).toMatchObject({ code: 'SITTING_ALTERED' })
    }
    // Any character anywhere in the file: never accepted.
    for (let index = 0; index < text.length; index += 211) {
      const char = text[index] === 'A' ? 'B' : 'A'
      const { code } = await refusal(verify(`${text.slice(0, index)}${char}${text.slice(index + 1)}`))
      expect(['SITTING_ALTERED', 'SITTING_INVALID', 'SITTING_UNTRUSTED']).toContain(code)
    }
    expect(await refusal(verify(`${text}\n\n`))).toMatchObject({ code: 'SITTING_ALTERED' })
  })

  it('refuses an embedded package re-signed by an untrusted key, or altered, even under a valid sitting signature', async () => {
    const stranger = generateAuthorityKeys()
    const foreign = await buildPackage({ bank: tinyBank, authorityPrivateKeyPem: stranger.privateKeyPem, now })
    const sha256 = createHash('sha256').update(foreign).digest('hex')
    const resigned = await signedWith((copy) => Object.assign(copy.packages[0] ?? {}, { text: foreign, sha256 }))
    const untrusted = await refusal(verify(resigned))
    expect(untrusted.code).toBe('SITTING_PACKAGE_UNTRUSTED')
    expect(untrusted.message).toMatch(/^package 1 \(exam tiny\) is refused: the package is signed by authority key/)

    const original = payload.packages[0]?.text ?? ''
    const [h, body, s] = original.trimEnd().split('.')
    const changed = `${[h, `${body?.slice(0, -2) ?? ''}${body?.endsWith('AA') ? 'BA' : 'AA'}`, s].join('.')}\n`
    const altered = await signedWith((copy) =>
      Object.assign(copy.packages[0] ?? {}, {
        text: changed,
        sha256: createHash('sha256').update(changed).digest('hex'),
      }),
    )
    expect(await refusal(verify(altered))).toMatchObject({ code: 'SITTING_PACKAGE_INVALID' })

    const wrongHash = await signedWith((copy) => Object.assign(copy.packages[0] ?? {}, { sha256: '0'.repeat(64) }))
    const mismatch = await refusal(verify(wrongHash))
    expect(mismatch).toMatchObject({ code: 'SITTING_PACKAGE_INVALID' })
    expect(mismatch.message).toContain('does not match its listed SHA-256')
  })

  it.each<[string, (copy: SittingPayload) => void, RegExp]>([
    [
      'a seat listed twice',
      (c) => c.seats.push({ label: 'A-01', row: 9, column: 9 }),
      /seats\[5\]\.label: seat A-01 is in the seat layout twice/,
    ],
    [
      'two seats in one place',
      (c) => c.seats.push({ label: 'Z-01', row: 1, column: 1 }),
      /seat Z-01 is at row 1, column 1, where seat A-01 already is/,
    ],
    [
      'a candidate on a missing seat',
      (c) => Object.assign(c.roster[0] ?? {}, { seat: 'Z-99' }),
      /roster\[0\]\.seat: candidate C-001 is given seat Z-99, which is not in the seat layout/,
    ],
    [
      'two candidates on one seat',
      (c) => Object.assign(c.roster[1] ?? {}, { seat: 'A-01' }),
      /seat A-01 is given to candidate C-002 and already to candidate C-001/,
    ],
    [
      'one candidate twice',
      (c) => c.roster.push({ candidate_id: ' c-001', name: 'X', seat: 'B-02' }),
      /candidate {2}c-001 is on the roster twice/,
    ],
    [
      'a window closing before it opens',
      (c) => (c.window.closes_at = '2026-11-23T00:00:00Z'),
      /window\.closes_at: the window closes/,
    ],
    [
      'a staff id twice',
      (c) => Object.assign(c.staff[1] ?? {}, { id: 'p01' }),
      /staff\[1\]\.id: staff id p01 is listed twice/,
    ],
    ['no proctor', (c) => (c.staff = c.staff.filter((m) => m.role === 'admin')), /staff: no staff member is a proctor/],
  ])('refuses a signed sitting with %s', async (_, edit, pattern) => {
    const { code, message } = await refusal(verify(await signedWith(edit)))
    expect(code).toBe('SITTING_INVALID')
    expect(message).toMatch(pattern)
  })

  it('refuses a payload outside the schema, a staff secret in clear included', async () => {
    const withSecret = await signedWith((copy) => Object.assign(copy.staff[0] ?? {}, { pin: '24681357' }))
    const { code, message } = await refusal(verify(withSecret))
    expect(code).toBe('SITTING_INVALID')
    expect(message).toMatch(/staff\[0\]: Unrecognized key: "pin"/)
    expect(await refusal(verify('not a sitting'))).toMatchObject({ code: 'SITTING_INVALID' })
  })
})
