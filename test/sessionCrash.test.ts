import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { crashChildItem, crashChildResponse, runAndKill } from '../electron/core/session/testing/crashProtocol'
import { MASTER_KEY_HEX, tempStation, TEST_PIN, type TempStation } from '../electron/core/session/testing/tempStation'

const ITEMS = 7

let station: TempStation | undefined
let dir: string | undefined
afterEach(() => {
  station?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('a real crash: SIGKILL while saving', () => {
  it(
    'keeps every acknowledged answer, a sound database, a verifying chain, and the time used',
    { timeout: 60_000 },
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'invigil-crash-'))
      station = tempStation(dir) // creates the file and sets the PIN with cheap parameters
      station.db.close()

      for (const killAfter of [25, 300]) {
        const run = await runAndKill(
          { db: station.path, masterKeyHex: MASTER_KEY_HEX, items: ITEMS, pin: TEST_PIN },
          killAfter,
        )
        expect(run.done).toBe(false)
        expect(run.acks.length).toBeGreaterThanOrEqual(killAfter)
        const lastAck = run.acks.at(-1)
        if (!lastAck) throw new Error('no acknowledgement')

        station = station.reopen()
        const { service, db } = station
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        const interrupted = service.listInterrupted().find((s) => s.sessionId === run.sessionId)
        expect(interrupted).toBeDefined()
        expect(interrupted?.problem).toBeUndefined()
        expect(service.verifyIntegrity(run.sessionId)).toMatchObject({ ok: true })

        const restored = await service.recover(run.sessionId, TEST_PIN)
        // Elapsed time was persisted with every save: at most what passed after the last ACK we read is lost.
        expect(restored.remainingMs).toBeLessThanOrEqual(lastAck.remainingMs)
        expect(restored.remainingMs).toBeGreaterThan(lastAck.remainingMs - 5_000)

        service.start(run.sessionId)
        service.submit(run.sessionId, 'proctor')
        const saved = new Map(
          service.exportRecord(run.sessionId).revisions.map((r) => [`${r.unitId}#${String(r.revision)}`, r]),
        )
        for (const ack of run.acks) {
          expect(saved.get(`${ack.unitId}#${String(ack.revision)}`), `ACK ${String(ack.i)}`).toMatchObject({
            unitId: crashChildItem(ack.i, ITEMS),
            response: crashChildResponse(ack.i),
            savedAt: ack.savedAt,
          })
        }
        station.db.close()
      }
    },
  )
})
