import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStaffStation } from '../core/api/testing/staffFixture'
import type { StaffStation } from '../core/api/testing/staffFixture'
import { verifyBundle } from '../core/bundle/bundleVerifier'
import { receiptCodeOfLog } from '../core/bundle/submissionReceipt'
import { installInput } from '../core/runtime/testing/runtimeFixture'
import { main } from './main'

async function invigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ['', '']
  const code = await main(args, { out: (text) => void (out += text), err: (text) => void (err += text) })
  return { code, out, err }
}

let station: StaffStation | undefined
afterEach(() => station?.close())

/** A candidate sits and submits; the station exports the bundle; results import it. */
async function submittedAndImported() {
  station = await openStaffStation()
  await station.setUp()
  station.runtime.installExam(installInput())
  const token = await station.proctorToken()
  await station.ok('proctor.startSession', { token, candidateId: 'C-001', name: '陳大文' })
  await station.ok('session.acknowledgeRules', {})
  await station.ok('proctor.extend', { token, minutes: 5, reason: 'fire alarm' })
  const submitted = await station.ok('session.submit', {})
  const dir = mkdtempSync(join(tmpdir(), 'invigil-receipt-'))
  const { file } = await station.runtime.exportBundle(submitted.sessionId, dir)
  writeFileSync(join(dir, 'station.pem'), station.runtime.station.publicKeyPem)
  const db = join(dir, 'results.db')
  expect((await invigil('results', 'trust', '--db', db, join(dir, 'station.pem'))).code).toBe(0)
  expect((await invigil('results', 'import', '--db', db, file)).out).toMatch(/^imported=1 /)
  return { submitted, file, db }
}

describe('the candidate receipt', () => {
  it('shows the code derived from the exported bundle, and results receipt finds that session', async () => {
    const { submitted, file, db } = await submittedAndImported()
    const code = submitted.receipt?.code ?? ''
    expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/)
    expect(submitted.receipt).toMatchObject({ candidate: { candidateId: 'C-001', name: '陳大文' } })
    // The same code, recomputed from the lines the bundle's signature covers (not from anything the station says).
    const { readFile } = await import('node:fs/promises')
    const verdict = await verifyBundle(await readFile(file))
    expect(verdict.ok && receiptCodeOfLog(verdict.eventLines)).toBe(code)
    // After a reload the candidate sees the same receipt.
    expect((await station?.ok('session.current', {}))?.receipt?.code).toBe(code)

    const found = await invigil('results', 'receipt', '--db', db, code.toLowerCase().replace('-', ' '))
    expect(found.code).toBe(0)
    expect(found.out).toContain(`receipt ${code}: `)
    expect(found.out).toContain(`C-001  陳大文`)
    expect(found.out).toContain(`session ${submitted.sessionId}`)
  })

  it('finds no result for a code one character off, and refuses what cannot be a code', async () => {
    const { submitted, db } = await submittedAndImported()
    const code = submitted.receipt?.code ?? ''
    const last = code.at(-1) === 'A' ? 'B' : 'A'
    const wrong = await invigil('results', 'receipt', '--db', db, `${code.slice(0, -1)}${last}`)
    expect(wrong.code).toBe(1)
    expect(wrong.out).toBe('')
    expect(wrong.err).toContain('no such receipt')
    expect((await invigil('results', 'receipt', '--db', db, 'NOT-A-CODE!')).code).toBe(2)
  })
})
