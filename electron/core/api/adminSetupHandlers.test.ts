import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildPackage } from '../package/examPackage'
import { generateAuthorityKeys } from '../package/authorityKeys'
import { runtimeBank } from '../runtime/testing/runtimeFixture'
import { LOCKOUT_AFTER_FAILURES, LOCKOUT_BASE_MS } from '../base/staffLockout'
import { ADMIN_PASSWORD, openStaffStation, PROCTOR_PIN } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

let station: StaffStation
beforeEach(async () => {
  station = await openStaffStation()
})
afterEach(() => station.close())

const authority = generateAuthorityKeys()
const FAKE_TOKEN = 'A'.repeat(43)

describe('first-run setup', () => {
  it('reports a station that is not set up, with its keys and storage proven to work', async () => {
    expect(await station.ok('admin.setupStatus', {})).toEqual({
      setUp: false,
      stationId: station.runtime.station.stationId,
      stationPublicKeyPem: station.runtime.station.publicKeyPem,
      readiness: { keys: true, storage: true },
      demoAuthority: null,
    })
    expect(await station.failed('admin.login', { password: ADMIN_PASSWORD })).toMatchObject({ code: 'NOT_SET_UP' })
    expect(await station.failed('proctor.login', { pin: PROCTOR_PIN })).toMatchObject({ code: 'PIN_NOT_SET' })
  })

  it('checks every secret and the authority key before writing anything', async () => {
    const setup = (input: Record<string, unknown>) =>
      station.failed('admin.setup', { adminPassword: ADMIN_PASSWORD, proctorPin: PROCTOR_PIN, ...input })
    expect(await setup({ adminPassword: 'short' })).toMatchObject({ code: 'ADMIN_PASSWORD_FORMAT' })
    expect(await setup({ proctorPin: '12ab56' })).toMatchObject({ code: 'PIN_FORMAT' })
    expect(await setup({ authorityPublicKeyPem: 'not a key' })).toMatchObject({ code: 'AUTHORITY_KEY_INVALID' })
    expect(await setup({ authorityPublicKeyPem: authority.privateKeyPem })).toMatchObject({
      code: 'AUTHORITY_KEY_INVALID',
    })
    expect(await setup({ extra: true })).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect((await station.ok('admin.setupStatus', {})).setUp).toBe(false)
    expect(station.runtime.sessions.hasProctorPin()).toBe(false)
  })

  it('sets the admin password, the proctor PIN and a trusted authority once, and refuses a second setup', async () => {
    await station.setUp(authority.publicKeyPem)
    expect(await station.ok('admin.setupStatus', {})).toMatchObject({ setUp: true, readiness: null })
    expect((await station.ok('admin.login', { password: ADMIN_PASSWORD })).role).toBe('admin')
    expect((await station.ok('proctor.login', { pin: PROCTOR_PIN })).role).toBe('proctor')
    const token = await station.adminToken()
    expect((await station.ok('admin.overview', { token })).authorities).toEqual([
      expect.objectContaining({ keyId: authority.keyId }),
    ])
    expect(
      await station.failed('admin.setup', { adminPassword: 'another long password', proctorPin: '999999' }),
    ).toMatchObject({ code: 'ALREADY_SET_UP' })
    expect(await station.failed('proctor.login', { pin: '999999' })).toMatchObject({ code: 'PIN_INVALID' })
  })
})

describe('setup signs the admin in', () => {
  it('returns an admin session that opens the console, and none when setup is refused', async () => {
    const done = await station.ok('admin.setup', { adminPassword: ADMIN_PASSWORD, proctorPin: PROCTOR_PIN })
    expect(done).toMatchObject({ setUp: true, session: { role: 'admin' } })
    expect((await station.ok('admin.overview', { token: done.session.token })).stationId).toBe(done.stationId)
    // The session is an admin's, not a proctor's.
    expect(await station.failed('proctor.status', { token: done.session.token })).toMatchObject({
      code: 'AUTH_REQUIRED',
    })
    // A second setup (someone else at the station later) gets no session, only the refusal.
    expect(
      await station.failed('admin.setup', { adminPassword: 'another long password', proctorPin: '999999' }),
    ).toMatchObject({ code: 'ALREADY_SET_UP' })
  })
})

describe('admin sessions', () => {
  beforeEach(() => station.setUp())

  it('refuses every admin method without a valid admin token', async () => {
    const token = await station.proctorToken()
    for (const [method, input] of [
      ['admin.overview', {}],
      ['admin.installPackage', { packageText: 'x' }],
      ['admin.installDemoExam', { bankId: 'x' }],
      ['admin.trustAuthority', { publicKeyPem: authority.publicKeyPem }],
      ['admin.importRoster', { csvText: 'candidate_id,name\nC1,A' }],
      ['admin.roster', {}],
      ['admin.sessions', {}],
      ['admin.gradingQueue', {}],
      ['admin.gradingItem', { sessionId: `ses_${'0'.repeat(24)}`, unitId: 'q4' }],
      ['admin.recordScore', { sessionId: `ses_${'0'.repeat(24)}`, unitId: 'q4', score: 1 }],
      ['admin.exportTargets', {}],
      ['admin.exportBundles', { outDir: '/tmp' }],
      ['admin.jobStatus', { jobId: `job_${'0'.repeat(24)}` }],
      ['admin.purgeExported', { confirm: true }],
      ['admin.report', {}],
    ] as const) {
      expect(await station.failed(method, { token: FAKE_TOKEN, ...input }), method).toMatchObject({
        code: 'AUTH_REQUIRED',
      })
      expect(await station.failed(method, { token, ...input }), `${method} with a proctor token`).toMatchObject({
        code: 'AUTH_REQUIRED',
      })
      expect(await station.failed(method, { token: 'short', ...input }), method).toMatchObject({
        code: 'VALIDATION_FAILED',
      })
    }
    expect(station.log).not.toHaveBeenCalled()
  })

  it('locks the admin out after repeated wrong passwords, and lets the right one in when the lockout ends', async () => {
    for (let attempt = 1; attempt < LOCKOUT_AFTER_FAILURES; attempt++) {
      expect(await station.failed('admin.login', { password: `wrong password ${String(attempt)}` })).toMatchObject({
        code: 'ADMIN_PASSWORD_INVALID',
        details: { failures: attempt, retryAfterMs: 0 },
      })
    }
    expect(await station.failed('admin.login', { password: 'wrong' })).toMatchObject({
      code: 'ADMIN_PASSWORD_INVALID',
      details: { retryAfterMs: LOCKOUT_BASE_MS },
    })
    expect(await station.failed('admin.login', { password: ADMIN_PASSWORD })).toMatchObject({
      code: 'ADMIN_PASSWORD_LOCKED',
      details: { retryAfterMs: LOCKOUT_BASE_MS },
    })
    // The proctor PIN has its own counter.
    expect((await station.ok('proctor.login', { pin: PROCTOR_PIN })).role).toBe('proctor')
    station.home.clock.advance(LOCKOUT_BASE_MS)
    expect((await station.ok('admin.login', { password: ADMIN_PASSWORD })).role).toBe('admin')
  })

  it('ends a session at logout and after ten idle minutes', async () => {
    const token = await station.adminToken()
    station.home.clock.advance(9 * 60_000)
    await station.ok('admin.overview', { token })
    station.home.clock.advance(10 * 60_000 + 1)
    expect(await station.failed('admin.overview', { token })).toMatchObject({ code: 'AUTH_REQUIRED' })
    const next = await station.adminToken()
    await station.ok('admin.logout', { token: next })
    expect(await station.failed('admin.overview', { token: next })).toMatchObject({ code: 'AUTH_REQUIRED' })
  })
})

describe('exam packages', () => {
  let token: string
  beforeEach(async () => {
    await station.setUp()
    token = await station.adminToken()
  })

  it('installs only a package signed by a trusted authority, untouched', async () => {
    const packageText = await buildPackage({
      bank: runtimeBank,
      authorityPrivateKeyPem: authority.privateKeyPem,
      now: new Date(),
    })
    expect(await station.failed('admin.installPackage', { token, packageText })).toMatchObject({
      code: 'PACKAGE_UNTRUSTED',
    })
    expect(await station.ok('admin.trustAuthority', { token, publicKeyPem: authority.publicKeyPem })).toMatchObject({
      keyId: authority.keyId,
    })
    const [header = '', payload = '', signature = ''] = packageText.trim().split('.')
    const altered = `${header}.${payload.slice(0, -4)}AAAA.${signature}`
    expect(await station.failed('admin.installPackage', { token, packageText: altered })).toMatchObject({
      code: 'PACKAGE_INVALID',
    })
    const exam = await station.ok('admin.installPackage', { token, packageText })
    expect(exam).toMatchObject({ id: 'runtime-demo', title: runtimeBank.title, unitCount: 6 })
    expect((await station.ok('admin.overview', { token })).exam).toEqual(exam)
    expect((await station.ok('station.status', {})).exam?.id).toBe('runtime-demo')
  })

  it('opens a password-protected package only with its start password', async () => {
    await station.ok('admin.trustAuthority', { token, publicKeyPem: authority.publicKeyPem })
    const packageText = await buildPackage({
      bank: runtimeBank,
      authorityPrivateKeyPem: authority.privateKeyPem,
      password: '開考密碼',
      now: new Date(),
    })
    expect(await station.failed('admin.installPackage', { token, packageText })).toMatchObject({
      code: 'PACKAGE_PASSWORD_REQUIRED',
    })
    expect(await station.failed('admin.installPackage', { token, packageText, startPassword: 'wrong' })).toMatchObject({
      code: 'PACKAGE_PASSWORD_WRONG',
    })
    expect(station.runtime.installedExam()).toBeUndefined()
    expect((await station.ok('admin.installPackage', { token, packageText, startPassword: '開考密碼' })).id).toBe(
      'runtime-demo',
    )
  })
})

describe('the roster', () => {
  let token: string
  beforeEach(async () => {
    await station.setUp()
    token = await station.adminToken()
  })

  it('imports nothing from a file with a bad row, names the row, and keeps the roster it had', async () => {
    expect(await station.ok('admin.importRoster', { token, csvText: 'candidate_id,name\nC-001,陳大文\n' })).toEqual({
      imported: 1,
      errors: [],
    })
    const bad = '\uFEFFcandidate_id,name,extra_minutes\r\nC-101,林小美,\r\nC-102,,15\r\nC-103,王五,abc\r\n'
    const result = await station.ok('admin.importRoster', { token, csvText: bad })
    expect(result.imported).toBe(0)
    expect(result.errors.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 3, column: 'name', code: 'REQUIRED' },
      { line: 4, column: 'extra_minutes', code: 'NOT_A_NUMBER' },
    ])
    expect((await station.ok('admin.roster', { token })).entries.map((entry) => entry.candidateId)).toEqual(['C-001'])
  })

  it('replaces the roster with a good file, extra time included', async () => {
    const csvText = 'candidate_id,name,extra_percent\nC-101,林小美,25\nC-102,"Lee, Ann",\n'
    expect(await station.ok('admin.importRoster', { token, csvText })).toEqual({ imported: 2, errors: [] })
    expect(await station.ok('admin.roster', { token })).toEqual({
      importedAt: expect.any(String),
      entries: [
        { candidateId: 'C-101', name: '林小美', accommodations: { extraPercent: 25 } },
        { candidateId: 'C-102', name: 'Lee, Ann', accommodations: {} },
      ],
    })
  })
})
