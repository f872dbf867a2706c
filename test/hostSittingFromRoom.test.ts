import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { passphraseProtector } from '../electron/core/crypto/passphraseProtector'
import { generateAuthorityKeys } from '../electron/core/package/authorityKeys'
import { openStationRuntime } from '../electron/core/runtime/stationRuntime'
import { FAST_PIN } from '../electron/core/runtime/testing/runtimeFixture'
import {
  invigil,
  prepareRoomSitting,
  ROOM_SECRETS,
  roomStatus,
  serveRoom,
  transcript,
  waitFor,
  type Proc,
  type RoomSitting,
} from './testing/roomProcesses'

// Provisioning a lab PC from the room over the network: a station that is set up and trusts the sitting's authority,
// started as `invigil host --room URL` with no sitting installed, fetches the one the room serves, checks the
// authority's signature, installs it and joins. A station that trusts another authority installs nothing.
const HANG = 240_000
const started: Proc[] = []
let dir: string
let sitting: RoomSitting
let room: Proc
let url: string
let roomDir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-host-sitting-'))
  sitting = await prepareRoomSitting(dir, started)
  ;({ roomDir, roomUrl: url, proc: room } = await serveRoom(join(dir, 'room'), sitting, started))
}, HANG)

afterAll(() => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
})

/** A station set up by its admin with `authorityPem` trusted, and no sitting installed. */
async function stationTrusting(stationDir: string, authorityPem: string): Promise<void> {
  const protector = passphraseProtector(ROOM_SECRETS.INVIGIL_STATION_PASSPHRASE)
  const runtime = await openStationRuntime({ dataDir: stationDir, protector, pinParams: FAST_PIN })
  try {
    runtime.admin.authorities.add(authorityPem)
    expect(runtime.admin.sitting.get()).toBeUndefined()
  } finally {
    await runtime.close()
  }
}

async function installedSittingId(stationDir: string): Promise<string | undefined> {
  const protector = passphraseProtector(ROOM_SECRETS.INVIGIL_STATION_PASSPHRASE)
  const runtime = await openStationRuntime({ dataDir: stationDir, protector, pinParams: FAST_PIN })
  try {
    return runtime.admin.sitting.get()?.id
  } finally {
    await runtime.close()
  }
}

describe('invigil host --room on a station with no sitting', () => {
  it(
    'installs the sitting the room serves, signed by the authority it trusts, and joins the room',
    { timeout: HANG },
    async () => {
      const stationDir = join(dir, 'lab-pc')
      await stationTrusting(stationDir, await readFile(sitting.authorityFile, 'utf8'))
      const host = invigil(['host', '--data', stationDir, '--port', '0', '--room', url], started)
      await waitFor('the sitting installed from the room', async () => /installed sitting /.test(host.err()), [
        host,
        room,
      ])
      await waitFor('the station asking the room to join', async () => (await roomStatus(roomDir)).pending.length > 0, [
        host,
        room,
      ])
      host.child.kill('SIGTERM')
      await host.exited
      const status = await roomStatus(roomDir)
      expect(await installedSittingId(stationDir), transcript([host, room])).toBe(status.sittingId)
    },
  )

  it(
    'installs nothing, and says what to do, when the room’s sitting is not signed by an authority it trusts',
    { timeout: HANG },
    async () => {
      const stationDir = join(dir, 'stranger-pc')
      await stationTrusting(stationDir, generateAuthorityKeys().publicKeyPem)
      const host = invigil(['host', '--data', stationDir, '--port', '0', '--room', url], started)
      expect(await host.exited, transcript([host])).toBe(2)
      expect(host.err()).toMatch(/no sitting is installed and the room's could not be installed/)
      expect(host.err()).toMatch(/Trust the sitting authority/)
      expect(await installedSittingId(stationDir)).toBeUndefined()
    },
  )
})
