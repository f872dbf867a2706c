import { createPrivateKey } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../electron/cli/main'
import { openGradingStation } from '../electron/core/api/testing/gradingStation'
import type { GradingStation } from '../electron/core/api/testing/gradingStation'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { generateAuthorityKeys } from '../electron/core/package/authorityKeys'
import { buildPackage } from '../electron/core/package/examPackage'
import type { PackageSettings } from '../electron/core/package/packageSettings'
import { generateResultEncryptionKeys } from '../electron/core/package/resultEncryptionKey'
import { runtimeBank } from '../electron/core/runtime/testing/runtimeFixture'

// The whole way a result travels when the package names the authority's result_encryption_key: package -> station
// install -> sitting -> export to the stick -> `invigil results import --authority-key` at the authority.
const signing = generateAuthorityKeys()
const encryption = generateResultEncryptionKeys()

let fixture: GradingStation
let admin: string
beforeEach(async () => {
  fixture = await openGradingStation()
  admin = fixture.admin
  await fixture.station.ok('admin.trustAuthority', { token: admin, publicKeyPem: signing.publicKeyPem })
})
afterEach(() => fixture.close())

async function installPackage(settings: PackageSettings): Promise<void> {
  const packageText = await buildPackage({
    bank: runtimeBank,
    settings,
    authorityPrivateKeyPem: signing.privateKeyPem,
    now: new Date(),
  })
  await fixture.station.ok('admin.installPackage', { token: admin, packageText })
}

/** A candidate answers one question and submits; the admin exports every finished session to the stick. */
async function sitAndExport(candidateId: string) {
  const { station, proctor, outDir, finished } = fixture
  const status = await station.ok('proctor.startSession', {
    token: proctor,
    candidateId,
    name: `Candidate ${candidateId}`,
  })
  await station.ok('session.acknowledgeRules', {})
  await station.ok('session.saveAnswer', { unitId: 'q1', response: 'B' })
  await station.ok('session.submit', {})
  const sessionId = status.session?.sessionId ?? ''
  const job = await finished(await station.ok('admin.exportBundles', { token: admin, outDir }))
  expect(job.failures).toEqual([])
  return { sessionId, job, grading: station.runtime.gradeSession(sessionId) }
}

async function invigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ['', '']
  const code = await main(args, { out: (text) => void (out += text), err: (text) => void (err += text) })
  return { code, out, err }
}

describe('exporting results from a package with result_encryption_key', () => {
  it('writes a .jwe only the authority key opens, with the scores the station graded, and results import takes it', async () => {
    await installPackage({ result_encryption_key: encryption.publicKeyPem })
    const { sessionId, job, grading } = await sitAndExport('C-001')
    const [file] = job.files
    expect(file).toMatchObject({ sessionId, candidateId: 'C-001', encrypted: true })
    // The name tells no more than the content: no candidate id.
    expect(basename(file?.file ?? '')).toBe(`runtime-demo_${sessionId}.jwe`)

    const bytes = readFileSync(file?.file ?? '')
    expect(bytes.toString('latin1').split('.')).toHaveLength(5)
    // Nothing of the candidate is readable on the stick: not the name, not the signed payload.
    expect(bytes.includes('Candidate C-001')).toBe(false)
    const stationKeys = [fixture.station.runtime.station.publicKeyJwk]
    expect(await verifyBundle(bytes, { trustedStationKeys: stationKeys })).toMatchObject({
      ok: false,
      code: 'ENCRYPTED',
    })
    const opened = await verifyBundle(bytes, {
      trustedStationKeys: stationKeys,
      authorityPrivateKey: createPrivateKey(encryption.privateKeyPem),
    })
    expect(opened).toMatchObject({
      ok: true,
      encrypted: true,
      manifest: { session: { id: sessionId }, candidate: { id: 'C-001' }, scores: grading },
    })

    const authorityDir = join(fixture.outDir, '..')
    const db = join(authorityDir, 'results.sqlite')
    const keyFile = join(authorityDir, 'authority-encryption.key.pem')
    const stationPem = join(authorityDir, 'station.pem')
    writeFileSync(keyFile, encryption.privateKeyPem, { mode: 0o600 })
    writeFileSync(stationPem, fixture.station.runtime.station.publicKeyPem)
    expect((await invigil('results', 'trust', '--db', db, stationPem)).code).toBe(0)
    const quarantine = join(authorityDir, 'refused')
    const without = await invigil('results', 'import', '--db', db, '--quarantine', quarantine, fixture.outDir)
    expect(without.out).toBe('imported=0 duplicates=0 quarantined=1 (foreign=0 invalid=1)\n')
    expect(without.err).toContain('ENCRYPTED')
    const imported = await invigil(
      'results',
      'import',
      '--db',
      db,
      '--quarantine',
      quarantine,
      '--authority-key',
      keyFile,
      fixture.outDir,
    )
    expect(imported).toMatchObject({ code: 0, out: 'imported=1 duplicates=0 quarantined=0 (foreign=0 invalid=0)\n' })
    const listed = JSON.parse((await invigil('results', 'list', '--db', db, '--json')).out) as {
      sessionId: string
      encrypted: boolean
    }[]
    expect(listed).toMatchObject([{ sessionId, encrypted: true }])
  })

  it('exports a plain signed .jws from a package without the key, as before', async () => {
    await installPackage({ duration_minutes: 40 })
    const { sessionId, job, grading } = await sitAndExport('C-002')
    const [file] = job.files
    expect(file).toMatchObject({ sessionId, encrypted: false })
    expect(basename(file?.file ?? '')).toBe(`runtime-demo_C-002_${sessionId}.jws`)
    const verified = await verifyBundle(readFileSync(file?.file ?? ''), {
      trustedStationKeys: [fixture.station.runtime.station.publicKeyJwk],
    })
    expect(verified).toMatchObject({ ok: true, encrypted: false, manifest: { scores: grading } })
  })
})
