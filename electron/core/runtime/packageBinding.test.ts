import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  installInput,
  runtimeBank,
  runtimeDir,
  RUNTIME_BANK_OBJECTIVE_MAX,
  type RuntimeDir,
} from './testing/runtimeFixture'
import { STATION_DB_FILE, type StationRuntime } from './stationRuntime'

/**
 * Issue 11.2: a session is bound to the package it was delivered from. Pointing `sessions.package_hash` at another
 * installed version of the exam (to regrade the session against it) must be TAMPER_DETECTED, not a new grade.
 */
let home: RuntimeDir
let runtime: StationRuntime | undefined
beforeEach(() => {
  home = runtimeDir()
})
afterEach(async () => {
  await runtime?.close()
  home.cleanup()
})

const codeOf = async (fn: () => unknown): Promise<string | undefined> => {
  try {
    await fn()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

/** Version 2 of the same exam (same bank id, another package hash). */
const version2 = structuredClone(runtimeBank)
version2.title = `${runtimeBank.title} v2`

async function submittedUnderVersion1(): Promise<{ sessionId: string; v2Hash: string }> {
  const open = await home.open()
  runtime = open
  const v1 = installInput()
  open.installExam(v1)
  const { sessionId } = open.beginSession({ candidateId: 'C001', name: 'A' })
  open.sessions.start(sessionId)
  open.sessions.saveAnswer(sessionId, 'q1', 'B')
  open.sessions.submit(sessionId, 'candidate')
  const v2 = installInput(version2)
  open.installExam(v2)
  expect(v2.packageHash).not.toBe(v1.packageHash)
  return { sessionId, v2Hash: v2.packageHash }
}

describe('session bound to its package', () => {
  it('grades and exports an honest session against the package it sat, with another version installed', async () => {
    const { sessionId } = await submittedUnderVersion1()
    expect(runtime?.sessions.verifyIntegrity(sessionId)).toMatchObject({ ok: true })
    expect(runtime?.gradeSession(sessionId).total).toBeLessThanOrEqual(RUNTIME_BANK_OBJECTIVE_MAX)
    const exported = await runtime?.exportBundle(sessionId, join(home.dir, 'out'))
    expect(exported?.file).toBeDefined()
  })

  it('detects sessions.package_hash switched to another installed version: no regrade, no export', async () => {
    const { sessionId, v2Hash } = await submittedUnderVersion1()
    await runtime?.close()
    const raw = new Database(join(home.dir, 'station', STATION_DB_FILE))
    raw.prepare('UPDATE sessions SET package_hash = ? WHERE id = ?').run(v2Hash, sessionId)
    raw.close()
    runtime = await home.open()
    const open = runtime
    const report = open.sessions.verifyIntegrity(sessionId)
    expect(report).toMatchObject({ ok: false, reason: expect.stringMatching(/package_hash/) as string })
    expect(await codeOf(() => open.gradeSession(sessionId))).toBe('TAMPER_DETECTED')
    expect(await codeOf(() => open.exportBundle(sessionId, join(home.dir, 'out')))).toBe('TAMPER_DETECTED')
  })

  it.each([
    ['form_seed', "UPDATE sessions SET form_seed = 'another-seed' WHERE id = ?"],
    ['exam_id', "UPDATE sessions SET exam_id = 'another-exam' WHERE id = ?"],
  ])('detects the %s edited (the form would be rebuilt differently, or from another bank)', async (column, sql) => {
    const { sessionId } = await submittedUnderVersion1()
    await runtime?.close()
    const raw = new Database(join(home.dir, 'station', STATION_DB_FILE))
    expect(raw.prepare(sql).run(sessionId).changes).toBe(1)
    raw.close()
    runtime = await home.open()
    const open = runtime
    expect(open.sessions.verifyIntegrity(sessionId)).toMatchObject({
      ok: false,
      reason: expect.stringContaining(column) as string,
    })
    expect(await codeOf(() => open.exportBundle(sessionId, join(home.dir, 'out')))).toBe('TAMPER_DETECTED')
  })
})
