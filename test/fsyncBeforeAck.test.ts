import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkFsyncBeforeAck, type FsyncTraceReport } from './testing/fsyncTrace'

/**
 * Every "Saved" follows an fsync of its commit. The kill -9 trials cannot show this (a killed process leaves the page
 * cache intact), so here the system calls themselves are read: a station saves 200 answers under strace, and for
 * each acknowledgement the WAL written by its save must have been fsynced before the acknowledgement was written.
 * .ci/run installs strace; without it this test fails, it does not skip.
 */
const ROOT = resolve(import.meta.dirname, '..')
const CHILD = join(ROOT, 'test', 'testing', 'fsyncAckChild.ts')
const SAVES = 200

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function tracedRun(syncOff: boolean): FsyncTraceReport {
  dir = mkdtempSync(join(tmpdir(), 'invigil-fsync-'))
  const dbPath = join(dir, 'station.sqlite')
  const traceFile = join(dir, 'trace.txt')
  const result = spawnSync(
    'strace',
    [
      '-f',
      '-tt',
      '-e',
      'trace=fsync,fdatasync,pwrite64,write,openat,close',
      '-o',
      traceFile,
      process.execPath,
      '--import',
      'tsx',
      CHILD,
      dbPath,
      String(SAVES),
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, INVIGIL_FSYNC_PROBE_SYNC_OFF: syncOff ? '1' : '0' } },
  )
  if (result.error)
    throw new Error(`strace did not run (is it installed? .ci/run installs it): ${result.error.message}`)
  expect(result.status, result.stderr).toBe(0)
  expect(result.stdout.match(/^ACK /gm)?.length).toBe(SAVES)
  return checkFsyncBeforeAck(readFileSync(traceFile, 'utf8'), dbPath)
}

describe('fsync before acknowledgement (strace)', () => {
  it('strace is installed', () => {
    expect(() => execFileSync('strace', ['-V'])).not.toThrow()
  })

  it('every acknowledged save follows an fsync of the WAL it wrote', { timeout: 120_000 }, () => {
    const report = tracedRun(false)
    console.log(`fsync_before_ack=${report.fsyncBeforeAckPercent.toFixed(1)}% (${String(report.acks)} acks)`)
    expect(report.acks).toBe(SAVES)
    expect(report.verdicts.filter((v) => !v.ok)).toEqual([])
    expect(report.fsyncBeforeAckPercent).toBe(100)
  })

  it('catches a station that acknowledges without fsync (synchronous=OFF)', { timeout: 120_000 }, () => {
    const report = tracedRun(true)
    console.log(`fsync_before_ack=${report.fsyncBeforeAckPercent.toFixed(1)}% with synchronous=OFF`)
    expect(report.acks).toBe(SAVES)
    expect(report.acksAfterFsync).toBe(0)
    expect(report.verdicts[0]?.reason).toMatch(/written but not fsynced: .*station\.sqlite-wal/)
  })
})
