import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankFile } from '../bank/loadBank'
import { canonicalJson } from '../base/canonicalJson'
import { authorityPrivateKey, generateAuthorityKeys } from './authorityKeys'
import { buildPackage, openPackage, verifyPackage } from './examPackage'
import { CompactSign } from 'jose'

const authority = generateAuthorityKeys()
const now = new Date('2026-11-23T09:00:00.000Z')
const RICH_BANK = resolve(import.meta.dirname, '../../../test/fixtures/banks/rich/rich-items.yaml')

async function richPackage(password?: string): Promise<string> {
  const { bank, assets } = await loadBankFile(RICH_BANK)
  if (!bank || !assets) throw new Error('the rich bank does not load')
  return buildPackage({ bank, assets, authorityPrivateKeyPem: authority.privateKeyPem, now, password })
}

describe('a package of a markdown bank', () => {
  it('carries its images content-addressed, signed and (with a password) encrypted with the bank', async () => {
    const { assets } = await loadBankFile(RICH_BANK)
    expect(assets?.map((asset) => asset.path)).toEqual(['images/network.svg'])
    for (const password of [undefined, 'start 1234']) {
      const opened = await openPackage(
        await verifyPackage(await richPackage(password), [authority.publicKeyPem]),
        password,
      )
      expect(opened.assets).toEqual(assets)
    }
  })

  it('is refused when an image does not match its hash, even when signed', async () => {
    const verified = await verifyPackage(await richPackage(), [authority.publicKeyPem])
    const content = verified.content as { assets: { data: string }[] }
    const asset = content.assets[0]
    if (!asset) throw new Error('no asset')
    asset.data = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>').toString('base64')
    const payload = canonicalJson({
      format: verified.format,
      created_at: verified.created_at,
      bank_id: verified.bank_id,
      content,
    })
    const forged = await new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader(verified.header)
      .sign(authorityPrivateKey(authority.privateKeyPem))
    await expect(verifyPackage(forged, [authority.publicKeyPem])).rejects.toThrow(/hash mismatch/)
  })
})
