import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, uptime } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireStationLock, LOCK_FILE } from './stationLock'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const bootMinute = (): number => Math.round((Date.now() - uptime() * 1000) / 60_000)
/** A pid that surely names no live process: one that just exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid ?? 0
const codeOf = (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (error: unknown) => (error as { code?: string }).code,
  )

describe('station lock', () => {
  it('is held by one opener at a time and released on request', async () => {
    const lock = await acquireStationLock(dir)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${String(process.pid)} \\d+\n$`))
    expect(await codeOf(acquireStationLock(dir))).toBe('STATION_IN_USE')
    await lock.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    await (await acquireStationLock(dir)).release()
  })

  it.each([
    ['a process that has exited', () => `${String(deadPid())} ${String(bootMinute())}`],
    ['a live pid from before a reboot', () => `${String(process.pid)} ${String(bootMinute() - 600)}`],
    ['a half-written file', () => ''],
  ])('takes over a lock left by %s', async (_, content) => {
    writeFileSync(join(dir, LOCK_FILE), content())
    const lock = await acquireStationLock(dir)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${String(process.pid)} `))
    await lock.release()
  })

  it('reports a directory it cannot write as unavailable', async () => {
    writeFileSync(join(dir, 'file'), '')
    expect(await codeOf(acquireStationLock(join(dir, 'file')))).toBe('DATA_DIR_UNAVAILABLE')
  })
})
