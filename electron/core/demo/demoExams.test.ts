import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadBankFile } from '../bank/loadBank'
import { openPackage, verifyPackage } from '../package/examPackage'
import { DEMO_AUTHORITY_KEY_FILE, prepareDemoExams } from './demoExams'

const SEED_BANKS = resolve(import.meta.dirname, '../../../banks')
const CERTIFICATION = 'it-customer-service-certification-2026.yaml'

let home: string
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'invigil-demo-'))
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

describe('demo exams from the seed banks', () => {
  it('packages every seed bank, signed by the demo authority, opening to exactly the bank in banks/', async () => {
    const demo = await prepareDemoExams({ dir: join(home, 'demo'), banksDir: SEED_BANKS })
    expect(demo.skipped).toEqual([])
    expect(demo.exams.map((exam) => exam.bankId).sort()).toEqual([
      'customer-service-interview-2026',
      'it-customer-service-certification-2026',
    ])
    for (const exam of demo.exams) {
      const verified = await verifyPackage(readFileSync(exam.packagePath, 'utf8'), [demo.authority.publicKeyPem])
      expect(verified.header.kid).toBe(demo.authority.keyId)
      const { bank } = await openPackage(verified)
      const source = await loadBankFile(join(SEED_BANKS, `${exam.bankId}.yaml`))
      expect(bank).toEqual(source.bank)
      expect(exam).toMatchObject({ title: source.bank?.title, language: source.bank?.language })
    }
    // The key lets its holder publish exams this station trusts: readable by the owner only.
    expect(statSync(join(home, 'demo', DEMO_AUTHORITY_KEY_FILE)).mode & 0o077).toBe(0)
  })

  it('keeps the authority and each package across starts while the bank is unchanged, and rebuilds a changed bank', async () => {
    const banksDir = join(home, 'banks')
    const dir = join(home, 'demo')
    mkdirSync(banksDir)
    copyFileSync(join(SEED_BANKS, CERTIFICATION), join(banksDir, CERTIFICATION))
    const first = await prepareDemoExams({ dir, banksDir })
    const packageText = readFileSync(first.exams[0]?.packagePath ?? '', 'utf8')

    const again = await prepareDemoExams({ dir, banksDir, now: () => new Date('2030-01-01T00:00:00Z') })
    expect(again.authority).toEqual(first.authority)
    expect(readFileSync(again.exams[0]?.packagePath ?? '', 'utf8')).toBe(packageText)

    const bankText = readFileSync(join(banksDir, CERTIFICATION), 'utf8')
    writeFileSync(join(banksDir, CERTIFICATION), bankText.replace(/^title: .*$/m, 'title: 改過的標題'))
    const changed = await prepareDemoExams({ dir, banksDir })
    expect(changed.exams[0]?.title).toBe('改過的標題')
    const { bank } = await openPackage(
      await verifyPackage(readFileSync(changed.exams[0]?.packagePath ?? '', 'utf8'), [first.authority.publicKeyPem]),
    )
    expect(bank.title).toBe('改過的標題')
  })

  it('skips a broken bank with its located error and still packages the others', async () => {
    const banksDir = join(home, 'banks')
    mkdirSync(banksDir)
    copyFileSync(join(SEED_BANKS, CERTIFICATION), join(banksDir, CERTIFICATION))
    writeFileSync(join(banksDir, 'broken.yaml'), 'format: invigil-bank/1\nid: broken\ntitle: [unclosed\n')
    writeFileSync(join(banksDir, 'notes.txt'), 'not a bank, not a .yaml file')
    const demo = await prepareDemoExams({ dir: join(home, 'demo'), banksDir })
    expect(demo.exams.map((exam) => exam.bankId)).toEqual(['it-customer-service-certification-2026'])
    expect(demo.skipped).toHaveLength(1)
    expect(demo.skipped[0]?.file).toBe(join(banksDir, 'broken.yaml'))
    expect(demo.skipped[0]?.reason).toMatch(/broken\.yaml:\d+:\d+/)
  })
})
