import { readFileSync, rmSync, statSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fromBase64urlStrict } from '../crypto/base64url'
import { ed25519KeyId, ed25519PublicKeyFromPem, rawEd25519PublicKey } from '../crypto/ed25519Keys'
import { verifyPin } from '../crypto/secretHash'
import { verifySitting } from '../sitting/sittingFile'
import { FAST_SCRYPT } from '../sitting/testing/sittingKit'
import { DEMO_ROOM_EXAM, DEMO_ROOM_KEY_FILE, demoSeatLabels, prepareDemoRoom } from './demoRoom'

const SEED_BANKS = resolve(import.meta.dirname, '../../../banks')
let home: string
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'invigil-demo-room-'))
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

const prepare = (seats?: number) =>
  prepareDemoRoom({
    dir: join(home, 'demo'),
    banksDir: SEED_BANKS,
    scryptParams: FAST_SCRYPT,
    ...(seats === undefined ? {} : { seats }),
  })

describe('the demo room', () => {
  it('is one seed exam, six seats in one row with a candidate each and a demo proctor, signed by the demo authority', async () => {
    const demo = await prepare()
    const { payload } = demo.sitting
    expect(payload.packages.map((p) => p.exam_id)).toEqual([DEMO_ROOM_EXAM])
    expect(payload.seats.map((s) => `${s.label}@${String(s.row)}`)).toEqual(
      ['A-01', 'A-02', 'A-03', 'A-04', 'A-05', 'A-06'].map((label) => `${label}@1`),
    )
    expect(payload.roster.map((c) => c.seat)).toEqual(payload.seats.map((s) => s.label))
    expect(payload.stations).toBeUndefined()
    // Stations verify it with the printed authority file, exactly as the room serves it.
    const authorityPem = readFileSync(demo.authority.publicKeyFile, 'utf8')
    const verified = await verifySitting(readFileSync(demo.sittingFile, 'utf8'), [authorityPem])
    expect(verified.payload.id).toBe(payload.id)
    const [proctor] = payload.staff
    expect(proctor?.id).toBe(demo.proctor.id)
    const { params, salt, hash } = proctor?.verifier ?? { params: FAST_SCRYPT, salt: '', hash: '' }
    const stored = { params, salt: fromBase64urlStrict(salt), hash: fromBase64urlStrict(hash) }
    expect(await verifyPin(demo.proctor.pin, stored)).toBe(true)
    expect(statSync(join(home, 'demo', DEMO_ROOM_KEY_FILE)).mode & 0o077).toBe(0)
  })

  it('keeps its room key and authority across starts, so a restarted demo room serves the same stations', async () => {
    const first = await prepare()
    const second = await prepare()
    const keyId = (pem: string) => ed25519KeyId(rawEd25519PublicKey(ed25519PublicKeyFromPem(pem)))
    expect(keyId(second.sitting.payload.room.public_key)).toBe(keyId(first.sitting.payload.room.public_key))
    expect(second.authority).toEqual(first.authority)
    expect(second.sitting.payload.id).toBe(first.sitting.payload.id)
  })

  it('lays out more seats in rows of ten and refuses counts it cannot label', async () => {
    expect(demoSeatLabels(12)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `A-${String(i + 1).padStart(2, '0')}`),
      'B-01',
      'B-02',
    ])
    expect(demoSeatLabels(200).at(-1)).toBe('T-10')
    expect(() => demoSeatLabels(0)).toThrow(RangeError)
    expect(() => demoSeatLabels(261)).toThrow(RangeError)
    const big = await prepare(200)
    expect(big.sitting.payload.seats).toHaveLength(200)
    expect(big.sitting.payload.roster).toHaveLength(200)
  })
})
