import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { stationEnvironmentPolicy } from '../admin/stationEnvironmentPolicy'
import { openStationDatabase } from '../db/database'
import { generateAuthorityKeys } from '../package/authorityKeys'
import { signSitting } from '../sitting/sittingFile'
import { stationSittings } from '../sitting/testing/stationSittings'
import type { StationSittings } from '../sitting/testing/stationSittings'
import { installSitting } from './installSitting'
import type { StationRuntime } from './stationRuntime'
import { STATION_DB_FILE } from './stationRuntime'
import { runtimeDir } from './testing/runtimeFixture'
import type { RuntimeDir } from './testing/runtimeFixture'

let sittings: StationSittings
let good: string
beforeAll(async () => {
  sittings = await stationSittings()
  good = await sittings.sign()
})

let home: RuntimeDir
let runtime: StationRuntime
let yamlFile: string
const CSV_ROSTER = [{ candidateId: 'X-1', name: 'Walk-in list', accommodations: {} }]
beforeEach(async () => {
  home = runtimeDir()
  runtime = await home.open()
  runtime.admin.authorities.add(sittings.kit.authority.publicKeyPem)
  runtime.admin.roster.replace(CSV_ROSTER)
  // The unsigned file anyone with the data directory can edit: five displays, no virtual machine check.
  yamlFile = join(home.dir, 'environment.yaml')
  writeFileSync(yamlFile, 'displays: { max: 5, status: warn }\nvirtualMachine: "off"\n')
})
afterEach(async () => {
  await runtime.close()
  home.cleanup()
})

async function refusal(text: string): Promise<{ code: string; message: string }> {
  const error: unknown = await installSitting(runtime, text).then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof Error) || !('code' in error)) throw new Error(`expected a typed refusal, got ${String(error)}`)
  return { code: String(error.code), message: error.message }
}

/** Nothing of the sitting reached the station: no exam, the CSV roster, no sitting, environment.yaml's policy. */
async function expectNothingInstalled(): Promise<void> {
  expect(runtime.installedExam()).toBeUndefined()
  expect(runtime.admin.roster.get()?.entries).toEqual(CSV_ROSTER)
  expect(runtime.admin.sitting.get()).toBeUndefined()
  const policy = await stationEnvironmentPolicy(runtime.admin.sitting, yamlFile)
  expect(policy).toMatchObject({ displays: { max: 5 }, virtualMachine: 'off' })
}

describe('installing a sitting on a station', () => {
  it('refuses a sitting signed by an authority the station does not trust, and installs nothing', async () => {
    const stranger = generateAuthorityKeys()
    const forged = await signSitting(sittings.payload, stranger.privateKeyPem)
    expect(await refusal(forged)).toMatchObject({
      code: 'SITTING_UNTRUSTED',
      message: expect.stringContaining(stranger.keyId),
    })
    await expectNothingInstalled()
  })

  it('refuses a sitting altered after it was signed, and installs nothing', async () => {
    const [header, body = '', signature] = good.split('.')
    const bytes = Buffer.from(body, 'base64url')
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0x01
    expect(await refusal([header, bytes.toString('base64url'), signature].join('.'))).toMatchObject({
      code: 'SITTING_ALTERED',
    })
    await expectNothingInstalled()
  })

  it('refuses a sitting for other stations, and one whose window has closed', async () => {
    const elsewhere = await sittings.sign((copy) => {
      copy.stations = ['0123456789abcdef']
    })
    expect(await refusal(elsewhere)).toMatchObject({
      code: 'SITTING_NOT_FOR_STATION',
      message: expect.stringContaining(runtime.station.stationId),
    })
    await expectNothingInstalled()
    home.clock.advance(11 * 3_600_000)
    expect(await refusal(good)).toMatchObject({ code: 'SITTING_CLOSED' })
    await expectNothingInstalled()
  })

  it('installs a sitting that lists this station: the exam, the seated roster, the signed policy, the record', async () => {
    const forHere = await sittings.sign((copy) => {
      copy.stations = ['0123456789abcdef', runtime.station.stationId]
    })
    const { sitting, exam, installed } = await installSitting(runtime, forHere)
    expect(installed).toBe(true)
    expect(exam).toMatchObject({ id: 'tiny', title: '小測驗' })
    expect(runtime.installedExam()).toEqual(exam)
    expect(runtime.admin.roster.get()?.entries).toEqual([
      { candidateId: 'C-001', name: '陳大文', accommodations: {}, seat: 'A-01' },
      { candidateId: 'C-002', name: 'Ann Lee', accommodations: { extraMinutes: 15 }, seat: 'A-03' },
      { candidateId: 'C-003', name: 'Bo', accommodations: {}, seat: 'B-01' },
    ])
    // The signed policy wins over environment.yaml: two displays and the virtual machine check back on (warn).
    const policy = await stationEnvironmentPolicy(runtime.admin.sitting, yamlFile)
    expect(policy).toMatchObject({ displays: { max: 2, status: 'warn' }, virtualMachine: 'warn' })
    expect(sitting).toMatchObject({
      id: 'mock-2026-11',
      authorityKeyId: sittings.kit.authority.keyId,
      window: { opensAt: '2026-11-23T16:00:00+08:00', closesAt: '2026-11-23T20:00:00+08:00' },
      room: {
        address: '192.168.10.5:8443',
        tlsSha256: `ab${'cd'.repeat(30)}ef`,
        publicKeyPem: sittings.payload.room.public_key,
      },
      stations: ['0123456789abcdef', runtime.station.stationId],
      exam: { examId: 'tiny', packageHash: exam.packageHash },
      candidates: 3,
    })
    expect(sitting.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(sitting.seats.map((seat) => seat.label)).toEqual(['A-01', 'A-02', 'A-03', 'B-01', 'B-02'])
    expect(sitting.staff.map((member) => [member.id, member.verifier.scheme])).toEqual([
      ['P01', 'scrypt'],
      ['ADM', 'scrypt'],
    ])
    expect(runtime.admin.sitting.get()).toEqual(sitting)
  })

  it('installs the same sitting again without changing anything, and takes its roster back over a CSV import', async () => {
    const first = await installSitting(runtime, good)
    const roster = runtime.admin.roster.get()
    home.clock.advance(60_000)
    const again = await installSitting(runtime, `${good}\n`)
    expect(again).toEqual({ ...first, installed: false })
    expect(runtime.admin.roster.get()).toEqual(roster)
    expect(runtime.installedExam()).toEqual(first.exam)

    runtime.admin.roster.replace(CSV_ROSTER)
    const restored = await installSitting(runtime, good)
    expect(restored.installed).toBe(true)
    expect(runtime.admin.roster.get()?.entries.map((entry) => entry.seat)).toEqual(['A-01', 'A-03', 'B-01'])
    expect(restored.sitting).toEqual(first.sitting)
  })

  it('keeps the sitting across a restart, and detects its sealed record being tampered with', async () => {
    const { sitting } = await installSitting(runtime, good)
    await runtime.close()
    runtime = await home.open()
    expect(runtime.admin.sitting.get()).toEqual(sitting)
    expect(runtime.admin.roster.find('c-002')).toMatchObject({ seat: 'A-03', accommodations: { extraMinutes: 15 } })
    await runtime.close()

    // Only the database file: one ciphertext bit flipped, then the roster's sealed row passed off as the sitting's.
    const db = openStationDatabase(join(home.dir, 'station', STATION_DB_FILE))
    const row = db.prepare("SELECT ciphertext FROM sealed_records WHERE name = 'installed_sitting'").get() as {
      ciphertext: Buffer
    }
    const flipped = Buffer.from(row.ciphertext)
    flipped[0] = (flipped[0] ?? 0) ^ 0x01
    db.prepare("UPDATE sealed_records SET ciphertext = ? WHERE name = 'installed_sitting'").run(flipped)
    db.close()
    runtime = await home.open()
    expect(() => runtime.admin.sitting.get()).toThrow(expect.objectContaining({ code: 'TAMPER_DETECTED' }))
    await expect(stationEnvironmentPolicy(runtime.admin.sitting, yamlFile)).rejects.toMatchObject({
      code: 'TAMPER_DETECTED',
    })
    await runtime.close()

    const swap = openStationDatabase(join(home.dir, 'station', STATION_DB_FILE))
    swap.exec(`DELETE FROM sealed_records WHERE name = 'installed_sitting';
      INSERT INTO sealed_records SELECT 'installed_sitting', wrapped_key, nonce, ciphertext, updated_at
        FROM sealed_records WHERE name = 'roster'`)
    swap.close()
    runtime = await home.open()
    expect(() => runtime.admin.sitting.get()).toThrow(expect.objectContaining({ code: 'TAMPER_DETECTED' }))
  })
})
