import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestStation } from '../bundle/testing/sampleBundle'
import { openResultsStore } from '../results/openResultsStore'
import { generatedBundle } from '../results/testing/generatedBundles'
import { createBundleCollector } from './bundleCollection'
import { bundleReceiptVerifies } from './bundleReceipt'
import { openRoomStore } from './roomStore'

// A bundle delivered to the room: stored with a signed receipt when its station is admitted, refused otherwise.
const at = '2026-11-23T01:00:00.000Z'

describe('bundle collection', () => {
  it('stores a bundle from an admitted station, answers with a signed receipt, and takes it again as a duplicate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invigil-room-bundles-'))
    const room = openRoomStore(join(dir, 'room.db'))
    const results = await openResultsStore(join(dir, 'results.db'))
    const roomKey = generateKeyPairSync('ed25519')
    const admitted = createTestStation()
    const stranger = createTestStation()
    for (const [station, admission] of [
      [admitted, 'listed'],
      [stranger, 'pending'],
    ] as const)
      room.insertStation({
        stationId: station.stationId,
        publicKey: station.publicKeyJwk.x,
        admission,
        decidedBy: null,
        hostname: 'pc',
        appVersion: '0.1.0',
        firstSeen: at,
        lastSeen: at,
      })
    const collect = createBundleCollector({
      room,
      results,
      dataDir: dir,
      sittingId: 'mock-2026-11',
      roomPrivateKey: roomKey.privateKey,
    })

    const bytes = Buffer.from(generatedBundle(0, [admitted], 'room').text)
    const first = await collect(bytes)
    expect(first).toMatchObject({ httpStatus: 200, body: { status: 'imported' } })
    if (first.httpStatus !== 200) throw new Error('refused')
    expect(first.body.receipt).toMatchObject({ sittingId: 'mock-2026-11', stationId: admitted.stationId })
    expect(bundleReceiptVerifies(first.body.receipt, first.body.signature, roomKey.publicKey)).toBe(true)
    expect(
      bundleReceiptVerifies({ ...first.body.receipt, status: 'duplicate' }, first.body.signature, roomKey.publicKey),
    ).toBe(false)
    expect((await collect(bytes)).body).toMatchObject({ status: 'duplicate', sha256: first.body.sha256 })

    // A station that never joined: refused and quarantined.
    const unknown = createTestStation()
    const foreign = await collect(Buffer.from(generatedBundle(2, [unknown], 'room').text))
    expect(foreign).toMatchObject({ httpStatus: 422, body: { code: 'FOREIGN_STATION' } })
    const broken = await collect(Buffer.from('not a bundle'))
    expect(broken.httpStatus).toBe(422)
    // A station that joined and waits for a proctor: too early (the outbox retries), nothing stored or quarantined.
    const early = Buffer.from(generatedBundle(1, [stranger], 'room').text)
    expect(await collect(early)).toMatchObject({ httpStatus: 425, body: { code: 'NOT_ADMITTED_YET' } })
    expect(room.collected()).toHaveLength(1)
    expect(await results.listResults()).toHaveLength(1)
    expect(await results.listQuarantine()).toHaveLength(2)
    // Approved on the console: the same bytes are now taken.
    room.setAdmission(stranger.stationId, 'approved', 'P01')
    expect(await collect(early)).toMatchObject({ httpStatus: 200, body: { status: 'imported' } })
    expect(await results.listResults()).toHaveLength(2)
    await results.close()
    room.close()
  })
})
