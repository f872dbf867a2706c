import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { crashChildItem, crashChildResponse, runAndKill } from '../session/testing/crashProtocol'
import { MASTER_KEY_HEX, runningSession, tempStation, TEST_PIN, type TempStation } from '../session/testing/tempStation'
import { closeStationDatabase, openStationDatabase } from './database'
import { walCheckpointsOf } from './walCheckpoints'

let station: TempStation | undefined
let dir: string | undefined
afterEach(() => {
  station?.cleanup()
  station = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const walBytes = (path: string): number => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0)

describe('WAL checkpoints out of the commit', () => {
  it('turns SQLite automatic checkpoints off and asserts it at open', () => {
    station = tempStation()
    expect(station.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
  })

  it('never checkpoints inside a save; past the bound, on the next event-loop turn', async () => {
    station = tempStation()
    const sessionId = await runningSession(station)
    const checkpoints = walCheckpointsOf(station.db)
    if (!checkpoints) throw new Error('no checkpoints attached')
    checkpoints.checkpoint('TRUNCATE')
    const before = checkpoints.snapshot().checkpoints
    // 250 saves without a turn of the event loop: SQLite's own checkpoint (at 1000 pages) would have run inside one.
    for (let i = 0; i < 250; i++) station.service.saveAnswer(sessionId, `q${String(i % 7)}`, `a-${String(i)}`)
    expect(checkpoints.snapshot().checkpoints).toBe(before)
    expect(walBytes(station.path)).toBeGreaterThan(1000 * 4096)
    await nextTurn()
    expect(checkpoints.snapshot()).toMatchObject({ checkpoints: before + 1, commitsSinceCheckpoint: 0 })
  })

  it('keeps the WAL bounded when saves keep coming, each followed by a turn of the event loop', async () => {
    station = tempStation()
    const sessionId = await runningSession(station)
    for (let i = 0; i < 600; i++) {
      station.service.saveAnswer(sessionId, `q${String(i % 7)}`, `a-${String(i)}`)
      await nextTurn()
    }
    const stats = walCheckpointsOf(station.db)?.snapshot()
    expect(stats?.checkpoints).toBeGreaterThanOrEqual(5)
    expect(stats?.commitsSinceCheckpoint).toBeLessThan(100)
    // ~8 pages a save, 100 saves a checkpoint: far under the 1000 frames a single un-checkpointed run of 600 would hold.
    expect(stats?.maxFramesSeen).toBeLessThan(1500)
    expect(walBytes(station.path)).toBeLessThan(1500 * 4120)
  })

  it('checkpoints once the station is idle, and empties the WAL on clean shutdown', async () => {
    dir = mkdtempSync(join(tmpdir(), 'invigil-wal-'))
    const path = join(dir, 'station.sqlite')
    const db = openStationDatabase(path, { checkpoints: { idleMs: 30, commitBound: 1000 } })
    const checkpoints = walCheckpointsOf(db)
    db.exec('CREATE TABLE t (x BLOB)')
    checkpoints?.noteCommit()
    const before = checkpoints?.snapshot().checkpoints ?? 0
    await sleep(10)
    expect(checkpoints?.snapshot().checkpoints).toBe(before)
    await sleep(80)
    expect(checkpoints?.snapshot().checkpoints).toBe(before + 1)
    db.prepare('INSERT INTO t VALUES (randomblob(50000))').run()
    expect(walBytes(path)).toBeGreaterThan(50_000)
    closeStationDatabase(db)
    expect(walBytes(path)).toBe(0)
  })

  it('loses nothing when killed after its saves and before any checkpoint (the answers live only in the WAL)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'invigil-wal-crash-'))
    station = tempStation(dir)
    station.db.close()
    const run = await runAndKill(
      {
        db: station.path,
        masterKeyHex: MASTER_KEY_HEX,
        items: 7,
        pin: TEST_PIN,
        checkpointIdleMs: 3_600_000,
        checkpointBound: 1_000_000,
      },
      60,
    )
    expect(run.done).toBe(false)
    // The database file alone, without its WAL, does not hold the acknowledged answers: no checkpoint ran.
    const fileOnly = join(dir, 'file-only.sqlite')
    copyFileSync(station.path, fileOnly)
    const raw = new Database(fileOnly)
    const inFile = raw.prepare<[], number>('SELECT count(*) FROM answers').pluck().get() ?? 0
    raw.close()
    expect(inFile).toBeLessThan(run.acks.length)

    station = station.reopen()
    const { service } = station
    expect(station.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(service.verifyIntegrity(run.sessionId)).toMatchObject({ ok: true })
    expect(service.listInterrupted().find((s) => s.sessionId === run.sessionId)?.problem).toBeUndefined()
    await service.recover(run.sessionId, TEST_PIN)
    service.start(run.sessionId)
    service.submit(run.sessionId, 'proctor')
    const saved = new Map(
      service.exportRecord(run.sessionId).revisions.map((r) => [`${r.unitId}#${String(r.revision)}`, r]),
    )
    for (const ack of run.acks) {
      expect(saved.get(`${ack.unitId}#${String(ack.revision)}`), `ACK ${String(ack.i)}`).toMatchObject({
        unitId: crashChildItem(ack.i, 7),
        response: crashChildResponse(ack.i),
      })
    }
  }, 60_000)
})
