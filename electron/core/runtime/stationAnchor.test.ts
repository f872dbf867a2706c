import Database from 'better-sqlite3'
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ANCHOR_FILE } from '../db/stationAnchor'
import { STATION_DB_FILE, type StationRuntime } from './stationRuntime'
import { installInput, runtimeDir, type RuntimeDir } from './testing/runtimeFixture'

/**
 * Issue 11.3: a whole database restored from an earlier copy. The station seal rolls back with the database, so the
 * anchor outside it (station.anchor, MAC'd under the station keyring) is what notices: the restored database is
 * behind it. What no station can notice alone: the database and the anchor restored together (README says who does).
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

const stationDir = () => join(home.dir, 'station')
const dbFiles = [STATION_DB_FILE, `${STATION_DB_FILE}-wal`, `${STATION_DB_FILE}-shm`]

/** Copies the database files aside (the backup an attacker keeps), or puts them back over the live ones. */
function backUp(): void {
  for (const file of dbFiles)
    if (existsSync(join(stationDir(), file))) copyFileSync(join(stationDir(), file), join(home.dir, file))
}
function restore(): void {
  for (const file of dbFiles) {
    rmSync(join(stationDir(), file), { force: true })
    if (existsSync(join(home.dir, file))) copyFileSync(join(home.dir, file), join(stationDir(), file))
  }
}

const openCode = async (): Promise<{ code?: string; message?: string }> => {
  try {
    runtime = await home.open()
  } catch (error) {
    return error as { code?: string; message?: string }
  }
  return {}
}

async function sessionWithAnswers(answers: string[]): Promise<string> {
  runtime = await home.open()
  runtime.installExam(installInput())
  const { sessionId } = runtime.beginSession({ candidateId: 'C-1', name: 'Ann' })
  runtime.sessions.start(sessionId)
  for (const answer of answers) runtime.sessions.recordAnswer(sessionId, 'q1', answer)
  return sessionId
}

/** Closes the open runtime, if any (a helper, so the compiler does not narrow `runtime` across awaits). */
async function shut(): Promise<void> {
  await runtime?.close()
  runtime = undefined
}

const reopen = async (): Promise<StationRuntime> => {
  await runtime?.close()
  runtime = await home.open()
  return runtime
}

describe('station anchor', () => {
  it('refuses a database restored from an earlier copy: a later event is missing from it', async () => {
    const sessionId = await sessionWithAnswers(['A'])
    await shut()
    backUp()
    runtime = await home.open()
    // Reopened, the session is interrupted; the proctor's note of why is one more event in its log.
    runtime.sessions.logIncident(sessionId, 'environment_check', { note: 'power cut at seat A-01' })
    await shut()
    restore()
    const refused = await openCode()
    expect(refused.code).toBe('TAMPER_DETECTED')
    expect(refused.message).toMatch(/older than the station anchor: session ses_\w+ is at event \d+, the anchor saw/)
  })

  it('refuses a restored copy that predates a whole session', async () => {
    runtime = await home.open()
    runtime.installExam(installInput())
    await shut()
    backUp()
    await sessionWithAnswers(['A'])
    await shut()
    restore()
    expect((await openCode()).message).toMatch(/session ses_\w+ is missing/)
  })

  it('refuses an anchor deleted or edited, and an anchor record deleted from the database', async () => {
    await sessionWithAnswers(['A'])
    await shut()
    const anchor = join(stationDir(), ANCHOR_FILE)
    const honest = readFileSync(anchor, 'utf8')
    rmSync(anchor)
    expect(await openCode()).toMatchObject({ code: 'TAMPER_DETECTED', message: expect.stringMatching(/is missing/) })
    writeFileSync(
      anchor,
      honest.replace(/":(\d+)\}/, (_, seq: string) => `":${String(Number(seq) - 1)}}`),
    )
    expect(await openCode()).toMatchObject({ code: 'TAMPER_DETECTED', message: expect.stringMatching(/was altered/) })
    writeFileSync(anchor, honest)
    const raw = new Database(join(stationDir(), STATION_DB_FILE))
    raw.prepare('DELETE FROM station_anchor_issued').run()
    raw.close()
    rmSync(anchor)
    expect((await openCode()).code).toBe('TAMPER_DETECTED')
  })

  it('never refuses an honest station: reopened, killed without closing, or after a purge', async () => {
    const sessionId = await sessionWithAnswers(['A', 'B'])
    runtime?.sessions.submit(sessionId, 'candidate')
    expect((await reopen()).sessions.snapshot(sessionId).state).toBe('submitted')
    // A process that dies leaves the database ahead of the anchor: allowed. (Its connection dropped, no checkpoint.)
    const second = runtime?.beginSession({ candidateId: 'C-2', name: 'Bo' }).sessionId ?? ''
    runtime?.sessions.start(second)
    runtime?.sessions.recordAnswer(second, 'q1', 'C')
    const dead = runtime as unknown as { parts: { db: Database.Database; lock: { release(): Promise<void> } } }
    runtime = undefined
    dead.parts.db.close()
    await dead.parts.lock.release()
    runtime = await home.open()
    expect(runtime.sessions.snapshot(second).answers).toHaveLength(1)
    // A purge forgets its sessions in the anchor first.
    await runtime.exportBundle(sessionId, home.dir)
    expect(runtime.admin.purgeExported().purged).toEqual([sessionId])
    expect((await reopen()).sessions.listInterrupted().map((s) => s.sessionId)).toEqual([second])
  })
})
