import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatTable, runRoomScaleBench, verdictOf, type RoomScaleRow } from '../bench/roomScale'

// The room scale benchmark's harness, not its figures: a tiny run against a real room process yields lag samples on
// both sides and a table; the verdict and the refusals read the rows as the summary says. No timing is asserted.
describe('the room scale benchmark harness', () => {
  it(
    '3 stations for 3 s: lag samples against the room and the echo server, and a table',
    { timeout: 120_000 },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'invigil-room-scale-'))
      try {
        const { rows, table, figures } = await runRoomScaleBench({
          dir,
          steps: [3],
          slices: 1,
          sliceMs: 3000,
          maxLoad: Infinity,
          maxBaselineSpread: Infinity,
        })
        const [row] = rows
        expect(row).toMatchObject({ stations: 3, errors: 0 })
        expect(row?.refused).toBeUndefined()
        expect(row?.samples).toBeGreaterThanOrEqual(3)
        for (const value of [row?.roomP50, row?.roomP99, row?.echoP50, row?.echoP99, row?.rssMb])
          expect(value).toBeGreaterThan(0)
        expect(table.split('\n')).toHaveLength(2)
        // Columns are padded to their widest cell: a load of 10 or more widens the header.
        expect(table).toMatch(/^\| stations +\| load +\| lag p50 ms +\| lag p99 ms /)
        expect(table.split('\n')[1]).toMatch(/^\| 3 /)
        expect(figures.map(([name]) => name)).toContain('room_scale_3_p99_ratio')
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  )

  it('names the largest step under 1 s, where it breaks, and refuses noisy steps without measuring them', () => {
    const row = (stations: number, roomP99: number, refused?: string): RoomScaleRow => ({
      stations,
      load: 0.5,
      roomP50: roomP99 / 2,
      roomP99,
      echoP50: 2,
      echoP99: 4,
      samples: 10,
      errors: 0,
      ...(refused ? { refused } : {}),
    })
    const rows = [row(25, 20), row(50, 300), row(100, 1500), row(200, 900, 'noisy: load average 3.4 > 3')]
    expect(verdictOf(rows)).toEqual({ largestOk: 50, breaksAt: 100, refused: 1 })
    const lines = formatTable(rows).split('\n')
    expect(lines[3]).toMatch(/\| BREAKS +\|$/)
    expect(lines[4]).toMatch(/\| refused: noisy: load average 3\.4 > 3 +\|$/)
    expect(verdictOf([row(25, 2000)])).toEqual({ breaksAt: 25, refused: 0 })
  })
})
