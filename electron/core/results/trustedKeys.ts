import { parse as parseYaml } from 'yaml'
import { ed25519JwkSchema } from '../bundle/bundleFormat'
import { fromBase64urlStrict } from '../crypto/base64url'
import { ed25519KeyId, ed25519PublicJwk, ed25519PublicKeyFromPem } from '../crypto/ed25519Keys'
import type { Ed25519PublicJwk } from '../crypto/ed25519Keys'

/**
 * Station keys an admin enrolls, from whatever they have at hand: an SPKI PEM file, a JWK, the JSON that
 * `invigil station show --json` prints, or a trust file (a JSON or YAML list of any of these, or of
 * `{pem|key|jwk|publicKeyJwk|publicKeyPem, label?}` entries). The station id is always derived from the key; one
 * that is given must match it, so a mislabelled key is caught when enrolled rather than at import.
 */
export interface StationKey {
  stationId: string
  publicKeyJwk: Ed25519PublicJwk
  label?: string
}

export class TrustedKeyError extends Error {
  override readonly name = 'TrustedKeyError'
  readonly code = 'BAD_STATION_KEY'
}

const PEM = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/

function fromJwk(value: unknown, where: string): Ed25519PublicJwk {
  // Only the public members: a JWK file may carry others (kid, use, alg), and must not carry d (checked below).
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  if (record.d !== undefined)
    throw new TrustedKeyError(`${where}: this is a PRIVATE key; enroll the station's public key (invigil station show)`)
  const parsed = ed25519JwkSchema.safeParse({ kty: record.kty, crv: record.crv, x: record.x })
  if (!parsed.success || fromBase64urlStrict(parsed.data.x).length !== 32)
    throw new TrustedKeyError(`${where}: not an Ed25519 public JWK (kty OKP, crv Ed25519, x)`)
  return parsed.data
}

function fromPem(text: string, where: string): Ed25519PublicJwk {
  try {
    return ed25519PublicJwk(ed25519PublicKeyFromPem(text))
  } catch {
    throw new TrustedKeyError(`${where}: not an Ed25519 public key in PEM`)
  }
}

const stationKey = (publicKeyJwk: Ed25519PublicJwk, label: unknown, claimedId: unknown, where: string): StationKey => {
  const stationId = ed25519KeyId(fromBase64urlStrict(publicKeyJwk.x))
  if (claimedId !== undefined && claimedId !== stationId) {
    throw new TrustedKeyError(`${where}: says station ${String(claimedId)}, but the key is station ${stationId}`)
  }
  if (label !== undefined && (typeof label !== 'string' || label.trim() === ''))
    throw new TrustedKeyError(`${where}: label must be text`)
  return { stationId, publicKeyJwk, ...(typeof label === 'string' ? { label: label.trim() } : {}) }
}

function fromEntry(entry: unknown, where: string): StationKey {
  if (typeof entry === 'string') return stationKey(keyFromText(entry, where), undefined, undefined, where)
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new TrustedKeyError(`${where}: expected a key, found ${JSON.stringify(entry)}`)
  const record = entry as Record<string, unknown>
  const claimed = record.stationId ?? record.station_id ?? record.id
  if (record.kty !== undefined) return stationKey(fromJwk(record, where), record.label, claimed, where)
  const jwk = record.publicKeyJwk ?? record.jwk
  if (jwk !== undefined) return stationKey(fromJwk(jwk, where), record.label, claimed, where)
  const pem = record.publicKeyPem ?? record.pem ?? record.key
  if (typeof pem === 'string') return stationKey(keyFromText(pem, where), record.label, claimed, where)
  throw new TrustedKeyError(
    `${where}: no key found (expected a JWK, publicKeyJwk, or a PEM under pem/key/publicKeyPem)`,
  )
}

/** The `x` of an Ed25519 JWK alone, as `invigil station show` prints it. */
const BARE_X = /^[A-Za-z0-9_-]{43}$/

function keyFromText(text: string, where: string): Ed25519PublicJwk {
  if (BARE_X.test(text.trim())) return fromJwk({ kty: 'OKP', crv: 'Ed25519', x: text.trim() }, where)
  const pems = text.match(new RegExp(PEM.source, 'g')) ?? []
  if (pems.length !== 1 || pems[0] === undefined)
    throw new TrustedKeyError(`${where}: expected one PEM public key, a JWK or a list of keys`)
  return fromPem(pems[0], where)
}

/**
 * Every station key in a file's text; `source` names the file in errors. Also reads `station show`'s plain text
 * (which holds the PEM) and a bare JWK `x`.
 */
export function parseStationKeys(text: string, source: string): StationKey[] {
  const trimmed = text.trim()
  let value: unknown = trimmed
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      value = JSON.parse(trimmed)
    } catch (error) {
      throw new TrustedKeyError(`${source}: not valid JSON (${(error as Error).message})`)
    }
  } else if (!trimmed.startsWith('-----BEGIN')) {
    try {
      value = parseYaml(trimmed)
    } catch {
      value = trimmed
    }
  }
  if (typeof value !== 'object' || value === null)
    return [stationKey(keyFromText(trimmed, source), undefined, undefined, source)]
  const record = Array.isArray(value) ? undefined : (value as Record<string, unknown>)
  // A trust file may also be an object holding the list: {stations: [...]}.
  const list = Array.isArray(value)
    ? (value as unknown[])
    : Array.isArray(record?.stations)
      ? (record.stations as unknown[])
      : undefined
  if (!list) return [fromEntry(value, source)]
  if (list.length === 0) throw new TrustedKeyError(`${source}: the trust file lists no stations`)
  return list.map((entry, index) => fromEntry(entry, `${source} entry ${String(index + 1)}`))
}
