import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, uptime } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
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

describe('station lock raced by separate processes', () => {
  const CONTENDERS = 5
  const RACES = 30
  const contender = join(import.meta.dirname, 'testing', 'lockContender.ts')

  it('lets exactly one of them take a stale lock, race after race', async () => {
    const children = Array.from({ length: CONTENDERS }, () =>
      spawn(process.execPath, ['--import', 'tsx', contender], { stdio: ['pipe', 'pipe', 'inherit'] }),
    )
    const replies = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]())
    const nextReplies = async (): Promise<string[]> =>
      await Promise.all(replies.map(async (reply) => String((await reply.next()).value)))
    try {
      expect(await nextReplies()).toEqual(Array<string>(CONTENDERS).fill('ready'))
      const stale = `${String(deadPid())} ${String(bootMinute())}`
      const winners: number[] = []
      for (let race = 0; race < RACES; race++) {
        const raceDir = mkdtempSync(join(dir, 'race-'))
        writeFileSync(join(raceDir, LOCK_FILE), stale)
        for (const child of children) child.stdin.write(`go ${raceDir}\n`)
        const outcomes = await nextReplies()
        winners.push(outcomes.filter((outcome) => outcome === 'won').length)
        expect(outcomes.filter((outcome) => outcome !== 'won').every((code) => code === 'STATION_IN_USE')).toBe(true)
      }
      expect(winners).toEqual(Array<number>(RACES).fill(1))
    } finally {
      await Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) => {
              child.once('exit', resolve)
              child.stdin.end()
            }),
        ),
      )
    }
  }, 60_000)
})
