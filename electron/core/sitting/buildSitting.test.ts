import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../bank/diagnostics'
import { hashPin, verifyPin } from '../crypto/secretHash'
import { generateAuthorityKeys } from '../package/authorityKeys'
import { buildPackage } from '../package/examPackage'
import { tinyBank } from '../package/testing/tinyBank'
import { verifySitting } from './sittingFile'
import { summarizeSitting } from './sittingSummary'
import { verifierPinHash } from './staffVerifier'
import { ADMIN_PASSWORD, ENV, now, PROCTOR_PIN, ROSTER, SPEC, sittingKit } from './testing/sittingKit'
import type { SittingKit } from './testing/sittingKit'

/** The build's diagnostics as a person reads them, paths relative to the kit's directory. */
async function problems(kit: SittingKit, env?: Record<string, string | undefined>): Promise<string[]> {
  const built = await kit.build(env)
  expect(built.text).toBeUndefined()
  return built.diagnostics.map((d) => formatDiagnostic(d).replaceAll(`${kit.dir}/`, ''))
}

const withSpec = async (edit: (spec: string) => string): Promise<SittingKit> => {
  const kit = await sittingKit()
  kit.write('sitting.yaml', edit(SPEC))
  return kit
}

describe('sitting build', () => {
  it('builds a signed sitting from a spec, and the file verifies as a station will check it', async () => {
    const kit = await sittingKit()
    const built = await kit.build()
    expect(built.diagnostics).toEqual([])
    const text = built.text ?? ''
    // Bare compact serialization: one line, no newline; one trailing newline is still accepted.
    expect(text).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    const sitting = await verifySitting(`${text}\n`, [kit.authority.publicKeyPem])
    const { payload } = sitting
    expect(payload).toMatchObject({
      format: 'invigil-sitting/1',
      created_at: now.toISOString(),
      id: 'mock-2026-11',
      window: { opens_at: '2026-11-23T09:00:00+08:00', closes_at: '2026-11-23T12:00:00+08:00' },
      room: { tls_sha256: `ab${'cd'.repeat(30)}ef`, address: '192.168.10.5:8443' },
    })
    expect(payload.seats).toEqual([
      { label: 'A-01', row: 1, column: 1 },
      { label: 'A-02', row: 1, column: 2 },
      { label: 'A-03', row: 1, column: 4 },
      { label: 'B-01', row: 2, column: 1 },
      { label: 'B-02', row: 2, column: 2 },
    ])
    expect(payload.roster).toEqual([
      { candidate_id: 'C-001', name: '陳大文', seat: 'A-01' },
      { candidate_id: 'C-002', name: 'Ann Lee', seat: 'A-03', extra_minutes: 15 },
      { candidate_id: 'C-003', name: 'Bo', seat: 'B-01' },
    ])
    expect(payload.environment).toMatchObject({ displays: { max: 2, status: 'warn' }, virtualMachine: 'warn' })
    expect(sitting.packages.map((pkg) => pkg.bank_id)).toEqual(['tiny'])
    expect(payload.packages[0]).toMatchObject({ exam_id: 'tiny', title: tinyBank.title, encrypted: false })

    // Only verifiers travel, and they check the secrets as the station checks them.
    const [proctor, admin] = payload.staff.map((member) => member.verifier)
    if (!proctor || !admin) throw new Error('expected a proctor and an admin')
    expect(text).not.toContain(PROCTOR_PIN)
    expect(await verifyPin(PROCTOR_PIN, verifierPinHash(proctor))).toBe(true)
    expect(await verifyPin('13572468', verifierPinHash(proctor))).toBe(false)
    const adminHash = verifierPinHash(admin)
    expect((await hashPin(ADMIN_PASSWORD, adminHash.salt, adminHash.params)).hash).toEqual(adminHash.hash)

    const summary = JSON.stringify(summarizeSitting(sitting))
    for (const secretish of [proctor.hash, proctor.salt, admin.hash, 'verifier'])
      expect(summary).not.toContain(secretish)
  })

  it('locates each broken rule of the spec, the roster and the seat layout, and writes nothing', async () => {
    const kit = await withSpec((spec) =>
      spec
        .replace('labels: [b-01, B-02]', 'labels: [b-01, A-02]')
        .replace('closes_at: 2026-11-23T12:00:00+08:00', 'closes_at: 2026-11-23T08:00:00+08:00'),
    )
    expect(await problems(kit)).toEqual([
      'sitting.yaml:5:14: error: the window closes (2026-11-23T08:00:00+08:00) before it opens (2026-11-23T09:00:00+08:00) (window.closes_at)\n  hint: closes_at must be later than opens_at; check the dates and the offsets',
      'sitting.yaml:13:20: error: seat A-02 is in the seat layout twice (seats[1].labels[1])\n  hint: give every seat its own label',
    ])

    const seats = await sittingKit()
    seats.write('roster.csv', `${ROSTER}C-004,Di,A-01,\nC-005,Ed,Z-99,\n`)
    expect(await problems(seats)).toEqual([
      'roster.csv:6:1: error: candidate C-005 is given seat Z-99, which is not in the seat layout (seat)\n  hint: correct the seat, or add the seat to the layout',
      'roster.csv:5:1: error: seat A-01 is given to candidate C-004 and already to candidate C-001 (seat)\n  hint: each candidate needs a seat of their own',
    ])

    const rows = await withSpec((spec) => spec.replace('  - row: 2\n', '  - row: 1\n'))
    expect((await problems(rows))[0]).toMatch(
      /^sitting\.yaml:13:14: error: seat B-01 is at row 1, column 1, where seat A-01 already is/,
    )
  })

  it('refuses a staff secret written in the spec, and says which variable to set instead', async () => {
    const kit = await withSpec((spec) => spec.replace('    secret_env: TEST_PIN_P01\n', '    secret: "24681357"\n'))
    expect(await problems(kit)).toEqual([
      'sitting.yaml:18:5: error: missing required key "secret_env" (staff[0].secret_env)\n  hint: add a line secret_env: with text',
      'sitting.yaml:21:5: error: a staff secret never goes in the spec: remove "secret" (staff[0].secret)\n  hint: set it in an environment variable and name that variable here, e.g. secret_env: INVIGIL_PIN_P01',
    ])
  })

  it('reads secrets only from the environment: unset, or not fitting the PIN or password rule, is a located refusal', async () => {
    const kit = await sittingKit()
    const found = await problems(kit, { TEST_PIN_P01: '1234', TEST_PASSWORD_ADM: undefined })
    expect(found).toEqual([
      'sitting.yaml:21:17: error: the PIN in TEST_PIN_P01 for P01 is refused: a proctor PIN is 6 to 32 digits (staff[0].secret_env)\n  hint: set TEST_PIN_P01 to a PIN that fits the rule',
      "sitting.yaml:25:17: error: TEST_PASSWORD_ADM is not set (staff[1].secret_env)\n  hint: set TEST_PASSWORD_ADM to Mr Lee's password (an admin password is 10 to 200 characters) for this command only",
    ])
    expect(found.join('\n')).not.toContain('1234')
    expect(await problems(kit, { ...ENV, TEST_PASSWORD_ADM: 'short' })).toHaveLength(1)
  })

  it('refuses a package from another authority, a private room key and an unknown environment key, each located', async () => {
    const kit = await withSpec((spec) => spec.replace('virtualMachine: warn', 'virtualMachines: warn'))
    const other = generateAuthorityKeys()
    kit.write(
      'tiny.invigil-package',
      await buildPackage({ bank: tinyBank, authorityPrivateKeyPem: other.privateKeyPem, now }),
    )
    kit.write('room.pub.pem', other.privateKeyPem)
    const found = await problems(kit)
    expect(found).toHaveLength(3)
    expect(found[0]).toMatch(
      /^sitting\.yaml:7:5: error: tiny\.invigil-package: the package is signed by authority key [0-9a-f]{16}, which is not trusted here/,
    )
    expect(found[0]).toContain('rebuild the package with the same --sign key')
    expect(found[1]).toBe(
      'sitting.yaml:16:3: error: unknown key "virtualMachines" (environment.virtualMachines)\n  hint: did you mean "virtualMachine"?',
    )
    expect(found[2]).toMatch(/^sitting\.yaml:27:8: error: room\.pub\.pem holds a private key/)
  })

  it('reports YAML and schema errors in the spec by line', async () => {
    expect(
      await problems(await withSpec((spec) => spec.replace('title: Mock exam, room 101\n', 'title: Mock: room 101\n'))),
    ).toEqual([expect.stringMatching(/^sitting\.yaml:2:\d+: error: YAML syntax:/)])
    expect(
      await problems(
        await withSpec((spec) => spec.replace('opens_at: 2026-11-23T09:00:00+08:00', 'opens_at: 2026-11-23 09:00')),
      ),
    ).toEqual([
      'sitting.yaml:4:13: error: opens_at must be an ISO 8601 time with its offset, e.g. 2026-11-23T09:00:00+08:00 (found "2026-11-23 09:00") (window.opens_at)',
    ])
  })
})
