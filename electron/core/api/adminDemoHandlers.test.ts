import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { prepareDemoExams } from '../demo/demoExams'
import type { DemoExams } from '../demo/demoExams'
import { generateAuthorityKeys } from '../package/authorityKeys'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

const CERTIFICATION = 'it-customer-service-certification-2026'
let demoHome: string
let demo: DemoExams
let station: StaffStation | undefined

beforeAll(async () => {
  demoHome = mkdtempSync(join(tmpdir(), 'invigil-demo-api-'))
  demo = await prepareDemoExams({ dir: demoHome, banksDir: resolve(import.meta.dirname, '../../../banks') })
})
afterAll(() => rmSync(demoHome, { recursive: true, force: true }))
afterEach(async () => {
  await station?.close()
  station = undefined
})

describe('seed exams on a development build', () => {
  it('offers the demo authority at setup, and installs a seed exam once the station trusts it', async () => {
    station = await openStaffStation({ demoExams: demo })
    expect((await station.ok('admin.setupStatus', {})).demoAuthority).toEqual(demo.authority)
    await station.setUp(demo.authority.publicKeyPem)
    const token = await station.adminToken()

    const overview = await station.ok('admin.overview', { token })
    expect(overview.demo).toEqual({
      authority: demo.authority,
      authorityTrusted: true,
      exams: [
        {
          bankId: 'customer-service-interview-2026',
          title: '2026年客戶服務專員面試要點及參考答案',
          language: 'zh-Hant',
        },
        { bankId: CERTIFICATION, title: '2026年IT行業客戶服務技能認證試題', language: 'zh-Hant' },
      ],
    })
    const exam = await station.ok('admin.installDemoExam', { token, bankId: CERTIFICATION })
    expect(exam).toMatchObject({
      id: CERTIFICATION,
      itemCount: 35,
      totalPoints: 114,
      source: `package ${CERTIFICATION}, authority ${demo.authority.keyId}`,
    })
    expect((await station.ok('station.status', {})).exam?.id).toBe(CERTIFICATION)
  })

  it('refuses a seed exam while its demo authority is not trusted: the same signature check as any package', async () => {
    station = await openStaffStation({ demoExams: demo })
    await station.setUp(generateAuthorityKeys().publicKeyPem)
    const token = await station.adminToken()
    expect((await station.ok('admin.overview', { token })).demo?.authorityTrusted).toBe(false)
    expect(await station.failed('admin.installDemoExam', { token, bankId: CERTIFICATION })).toMatchObject({
      code: 'PACKAGE_UNTRUSTED',
    })
    expect((await station.ok('station.status', {})).exam).toBeNull()

    await station.ok('admin.trustAuthority', { token, publicKeyPem: demo.authority.publicKeyPem })
    expect((await station.ok('admin.installDemoExam', { token, bankId: CERTIFICATION })).id).toBe(CERTIFICATION)
  })

  it('names a bank id that is not a demo exam', async () => {
    station = await openStaffStation({ demoExams: demo })
    await station.setUp(demo.authority.publicKeyPem)
    const token = await station.adminToken()
    expect(await station.failed('admin.installDemoExam', { token, bankId: 'no-such-exam' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('no-such-exam') as string,
    })
  })
})

describe('a production station (no demo exams)', () => {
  it('shows no demo authority or exams and installs none', async () => {
    station = await openStaffStation()
    expect((await station.ok('admin.setupStatus', {})).demoAuthority).toBeNull()
    await station.setUp(demo.authority.publicKeyPem)
    const token = await station.adminToken()
    expect((await station.ok('admin.overview', { token })).demo).toBeNull()
    expect(await station.failed('admin.installDemoExam', { token, bankId: CERTIFICATION })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect((await station.ok('station.status', {})).exam).toBeNull()
  })
})
