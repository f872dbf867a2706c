import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STATION_DB_FILE, type StationRuntime } from './stationRuntime'
import { installInput, runtimeBank, runtimeDir, type RuntimeDir } from './testing/runtimeFixture'

/**
 * Issue 11.4 and 11.12: the credential rows' presence and exams.active are covered by the station seal. Deleting the
 * credentials (to set a new admin password without the station's secret) or flipping the active exam with raw SQL
 * is TAMPER_DETECTED; honest setup and installs keep working across reopenings.
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

const ADMIN_PASSWORD = 'correct horse battery staple'
const PIN = '24681357'
const version2 = { ...structuredClone(runtimeBank), title: `${runtimeBank.title} v2` }

async function setUpStation(): Promise<{ v1: string; v2: string }> {
  runtime = await home.open()
  await runtime.admin.credentials.setUp(ADMIN_PASSWORD, PIN)
  const v1 = runtime.installExam(installInput()).packageHash
  const v2 = runtime.installExam(installInput(version2)).packageHash
  await runtime.close()
  runtime = undefined
  return { v1, v2 }
}

const rawEdit = (sql: string, ...params: string[]): void => {
  const raw = new Database(join(home.dir, 'station', STATION_DB_FILE))
  raw.prepare(sql).run(...params)
  raw.close()
}

/** Moves the active flag to `packageHash` (one active exam at a time: a unique index). */
const activate = (packageHash: string): void => {
  rawEdit('UPDATE exams SET active = 0')
  rawEdit('UPDATE exams SET active = 1 WHERE package_hash = ?', packageHash)
}

const openCode = async (): Promise<string | undefined> => {
  try {
    runtime = await home.open()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('station seal', () => {
  it('keeps an honest station set up, with the newest install active, across reopenings', async () => {
    const { v1, v2 } = await setUpStation()
    runtime = await home.open()
    expect(runtime.admin.credentials.isSetUp()).toBe(true)
    await runtime.admin.credentials.checkAdminPassword(ADMIN_PASSWORD)
    expect(runtime.installedExam()?.packageHash).toBe(v2)
    expect(runtime.installExam(installInput()).packageHash).toBe(v1)
    await runtime.close()
    runtime = await home.open()
    expect(runtime.installedExam()?.packageHash).toBe(v1)
  })

  it('refuses to open a station whose admin and proctor credential rows were deleted (no re-setup by deletion)', async () => {
    await setUpStation()
    rawEdit('DELETE FROM admin_credential')
    rawEdit('DELETE FROM proctor_credential')
    expect(await openCode()).toBe('TAMPER_DETECTED')
  })

  it('refuses a new setup when the credentials are deleted while the station runs', async () => {
    await setUpStation()
    runtime = await home.open()
    rawEdit('DELETE FROM admin_credential')
    const setup = runtime.admin.credentials.setUp('a new admin password!', PIN)
    await expect(setup).rejects.toMatchObject({ code: 'TAMPER_DETECTED' })
    expect(() => runtime?.admin.credentials.isSetUp()).toThrow(/station seal/)
  })

  it('detects exams.active moved to another installed version, at open and while running', async () => {
    const { v1, v2 } = await setUpStation()
    activate(v1)
    expect(await openCode()).toBe('TAMPER_DETECTED')

    activate(v2)
    runtime = await home.open()
    activate(v1)
    expect(() => runtime?.installedExam()).toThrow(/station seal/)
    expect(() => runtime?.beginSession({ candidateId: 'C1', name: 'A' })).toThrow(/station seal/)
  })

  it('detects a whole session deleted, and one session replaced by an older copy of its rows (issue 11.3)', async () => {
    await setUpStation()
    runtime = await home.open()
    const { sessionId } = runtime.beginSession({ candidateId: 'C1', name: 'A' })
    runtime.sessions.start(sessionId)
    const path = join(home.dir, 'station', STATION_DB_FILE)
    const older = join(home.dir, 'older.db')
    const copy = new Database(path)
    await copy.backup(older)
    copy.close()
    runtime.sessions.saveAnswer(sessionId, 'q1', 'B')
    await runtime.close()
    runtime = undefined

    // The session's rows as they were one save ago: every row valid under its own MAC, but older than the seal.
    const raw = new Database(path)
    raw.exec(`ATTACH '${older}' AS old`)
    raw.transaction(() => {
      for (const table of ['answers', 'events']) raw.prepare(`DELETE FROM ${table} WHERE session_id = ?`).run(sessionId)
      raw.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId)
      raw.exec('INSERT INTO sessions SELECT * FROM old.sessions; INSERT INTO events SELECT * FROM old.events')
    })()
    raw.close()
    expect(await openCode()).toBe('TAMPER_DETECTED')

    rawEdit('DELETE FROM events WHERE session_id = ?', sessionId)
    rawEdit('DELETE FROM sessions WHERE id = ?', sessionId)
    expect(await openCode()).toBe('TAMPER_DETECTED')
  })

  it('keeps an honest station opening after sessions are saved, submitted and purged', async () => {
    await setUpStation()
    runtime = await home.open()
    const { sessionId } = runtime.beginSession({ candidateId: 'C1', name: 'A' })
    runtime.sessions.start(sessionId)
    runtime.sessions.saveAnswer(sessionId, 'q1', 'B')
    runtime.sessions.submit(sessionId, 'candidate')
    await runtime.exportBundle(sessionId, join(home.dir, 'out'))
    await runtime.close()
    runtime = await home.open()
    expect(runtime.admin.purgeExported().purged).toEqual([sessionId])
    await runtime.close()
    runtime = await home.open()
    expect(runtime.admin.credentials.isSetUp()).toBe(true)
  })

  it('detects the seal cleared to have the station reseal edited rows (the MAC set to NULL, then credentials deleted)', async () => {
    await setUpStation()
    rawEdit('UPDATE station_seal SET mac = NULL, mac_key_wrapped = NULL')
    rawEdit('DELETE FROM admin_credential')
    rawEdit('DELETE FROM proctor_credential')
    expect(await openCode()).toBe('TAMPER_DETECTED')
  })

  it('detects the seal row deleted', async () => {
    await setUpStation()
    rawEdit('DELETE FROM station_seal')
    expect(await openCode()).toBe('TAMPER_DETECTED')
  })
})
