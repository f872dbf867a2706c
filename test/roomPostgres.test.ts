import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../electron/cli/main'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import type { RoomStatus } from '../electron/core/room/roomTypes'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import {
  createTempDatabase,
  PG_MISSING_MESSAGE,
  PG_URL_ENV,
  type TempDatabase,
} from '../electron/core/results/testing/pgTestDatabase'
import { invigil, transcript, type Proc } from './testing/roomProcesses'

// `room serve --db postgres://…`: the room collects into PostgreSQL as candidates submit, and the sitting's export
// is made from there. The room and each station are their own processes. Without INVIGIL_TEST_PG_URL this fails and
// says how to start a server (npm run test:unit starts one); it never skips.
const HANG = 240_000

const started: Proc[] = []
let dir = ''
let database: TempDatabase | undefined
const run = (args: string[]): Proc => invigil(args, started)

const printed = (text: string, label: string): string => new RegExp(`^${label}: +(\\S+)`, 'm').exec(text)?.[1] ?? ''

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  await Promise.all(started.map((p) => p.exited))
  await database?.drop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('a room collecting into PostgreSQL', () => {
  it(
    'stores each station’s bundle as it submits, verified, and exports the sitting from there',
    { timeout: HANG },
    async () => {
      const baseUrl = process.env[PG_URL_ENV]
      if (!baseUrl) throw new Error(PG_MISSING_MESSAGE)
      database = await createTempDatabase(baseUrl, 'invigil_room')
      dir = await mkdtemp(join(tmpdir(), 'invigil-room-pg-'))
      const roomDir = join(dir, 'room')
      const room = run(['room', 'serve', '--demo', '--data', roomDir, '--port', '0', '--db', database.url])
      for (let waited = 0; !/^proctor: /m.test(room.out()); waited += 200) {
        if (waited > 90_000 || room.child.exitCode !== null) throw new Error(`no room banner\n${transcript(started)}`)
        await sleep(200)
      }
      const url = printed(room.out(), 'room')
      const authority = printed(room.out(), 'authority')

      const seats = ['A-01', 'A-02']
      const stations = seats.map((seat) =>
        run(['rehearse', '--room', url, '--seat', seat, '--data', join(dir, seat), '--authority', authority]),
      )
      expect(await Promise.all(stations.map((p) => p.exited)), transcript(started)).toEqual([0, 0])

      const status = JSON.parse((await cli('room', 'status', '--data', roomDir, '--json')).stdout) as RoomStatus
      expect(status.collected, transcript(started)).toMatchObject({ collected: 2, expected: 6 })
      // Nothing went to a SQLite file beside the room: the results are in PostgreSQL.
      const results = await openResultsStore(database.url)
      try {
        const stored = await results.listResults()
        expect(new Set(stored.map((result) => result.candidateId)).size).toBe(2)
        for (const result of stored) {
          const bundle = (await results.readBundle(result.bundleSha256)) ?? Buffer.alloc(0)
          expect((await verifyBundle(bundle)).ok, result.candidateId).toBe(true)
        }
      } finally {
        await results.close()
      }
      await expect(readFile(join(roomDir, 'results.db'))).rejects.toThrow(/ENOENT/)

      const csv = join(dir, 'sitting.csv')
      const exported = await cli('results', 'export', '--db', database.url, '--format', 'csv', '-o', csv)
      expect(exported.code, exported.stderr).toBe(0)
      const rows = (await readFile(csv, 'utf8')).trim().split(/\r?\n/)
      expect(rows).toHaveLength(3) // the header and one row per collected session

      room.child.kill('SIGTERM')
      expect(await room.exited).toBe(0)
    },
  )
})
