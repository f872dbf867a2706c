import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import { spkiPem } from '../crypto/ed25519Keys'
import { authorityKeyId, authorityPublicKey } from '../package/authorityKeys'
import { PackageError } from '../package/packageError'
import type { SealedRecordStore } from '../db/sealedRecordStore'
import { tamperDetected } from '../db/storeError'

/**
 * The exam authorities this station trusts: packages must be signed by one of them to install. Kept as one sealed
 * record, so the list cannot be edited with only the database file. Keys are stored in their canonical SPKI PEM.
 */
export interface TrustedAuthority {
  keyId: string
  publicKeyPem: string
  addedAt: string
}

const listSchema = z.array(z.strictObject({ keyId: z.string(), publicKeyPem: z.string(), addedAt: z.string() }))

/** The key in a PEM an administrator gave as an authority's public key; PackageError AUTHORITY_KEY_INVALID if it is not one. */
export function authorityKeyFromPem(pem: string): KeyObject {
  // Node derives a public key from a private one; an authority's signing key must never be pasted into a station.
  if (/PRIVATE KEY/.test(pem))
    throw new PackageError(
      'AUTHORITY_KEY_INVALID',
      'this is a private key; a station needs only the authority public key',
    )
  return authorityPublicKey(pem)
}

export class TrustedAuthorities {
  constructor(
    private readonly records: SealedRecordStore,
    private readonly nowIso: () => string,
  ) {}

  list(): TrustedAuthority[] {
    const stored = this.records.get('trusted_authorities')
    if (!stored) return []
    const parsed = listSchema.safeParse(stored.value)
    if (!parsed.success) throw tamperDetected('the trusted authority list is not in its format')
    return parsed.data
  }

  pems(): string[] {
    return this.list().map((entry) => entry.publicKeyPem)
  }

  /** Adds a key (PackageError AUTHORITY_KEY_INVALID if it is not an Ed25519 public key); adding it again changes nothing. */
  add(pem: string): TrustedAuthority {
    const key = authorityKeyFromPem(pem)
    const keyId = authorityKeyId(key)
    const list = this.list()
    const known = list.find((entry) => entry.keyId === keyId)
    if (known) return known
    const entry = { keyId, publicKeyPem: spkiPem(key), addedAt: this.nowIso() }
    this.records.put('trusted_authorities', [...list, entry], entry.addedAt)
    return entry
  }
}
