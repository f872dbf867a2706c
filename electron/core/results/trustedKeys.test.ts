import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestStation } from '../bundle/testing/sampleBundle'
import { parseStationKeys } from './trustedKeys'

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/results', name), 'utf8')
const FIXTURE_IDS = ['14b401055e438bf3', '32e6b86694aa7a89']

describe('station keys an admin enrolls', () => {
  const station = createTestStation()
  const expected = { stationId: station.stationId, publicKeyJwk: station.publicKeyJwk }
  const showJson = JSON.stringify(
    { stationId: station.stationId, publicKeyJwk: station.publicKeyJwk, publicKeyPem: station.publicKeyPem },
    null,
    2,
  )
  const showText = `station ${station.stationId}\npublic key (Ed25519, JWK x): ${station.publicKeyJwk.x}\n${station.publicKeyPem}`

  it.each([
    ['a PEM file', station.publicKeyPem],
    ['a JWK file', JSON.stringify({ ...station.publicKeyJwk, kid: 'lab', use: 'sig' })],
    ['`station show --json` output', showJson],
    ['`station show` text output', showText],
    ['the bare JWK x', `${station.publicKeyJwk.x}\n`],
  ])('reads %s', (_, text) => {
    expect(parseStationKeys(text, 'key')).toEqual([expected])
  })

  it('reads trust files in YAML and JSON, with labels', () => {
    expect(parseStationKeys(fixture('trust-file.yaml'), 'trust-file.yaml')).toMatchObject([
      { stationId: FIXTURE_IDS[0], label: 'Lab 1 PC 01' },
      { stationId: FIXTURE_IDS[1], label: 'Lab 1 PC 02' },
    ])
    const json = parseStationKeys(fixture('trust-file.json'), 'trust-file.json')
    expect(json.map((key) => key.stationId)).toEqual(FIXTURE_IDS)
    expect(json[0]?.label).toBe('Lab 1 PC 01')
    expect(json[1]).not.toHaveProperty('label')
  })

  it.each([
    [
      'a station id that is not the key’s',
      JSON.stringify({ stationId: '0000000000000000', publicKeyJwk: station.publicKeyJwk }),
      'says station 0000000000000000',
    ],
    ['a private key', JSON.stringify({ ...station.publicKeyJwk, d: 'A'.repeat(43) }), 'PRIVATE key'],
    [
      'an X25519 key',
      JSON.stringify({ kty: 'OKP', crv: 'X25519', x: station.publicKeyJwk.x }),
      'not an Ed25519 public JWK',
    ],
    [
      'an RSA PEM',
      '-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END PUBLIC KEY-----\n',
      'not an Ed25519 public key in PEM',
    ],
    ['an empty trust list', '[]', 'lists no stations'],
    ['an entry without a key', 'stations:\n  - label: Lab 3\n', 'entry 1: no key found'],
    ['broken JSON', '{"kty": ', 'not valid JSON'],
    ['prose', 'hello there', 'expected one PEM public key'],
  ])('refuses %s, saying why', (_, text, message) => {
    expect(() => parseStationKeys(text, 'key')).toThrow(
      expect.objectContaining({ code: 'BAD_STATION_KEY', message: expect.stringContaining(message) }),
    )
  })
})
