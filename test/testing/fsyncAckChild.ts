/**
 * A station saving answers under strace (test/fsyncBeforeAck.test.ts): after each acknowledged save it writes
 * `ACK <i>\n` to fd 1 with one write(2), the marker the trace checker looks for. Between saves it returns to the
 * event loop, as the app does between IPC calls, so deferred WAL checkpoints run too.
 *
 *   node --import tsx test/testing/fsyncAckChild.ts <db file> <saves>
 *
 * INVIGIL_FSYNC_PROBE_SYNC_OFF=1 sets synchronous=OFF after open: only the test uses it, to show the checker fails.
 */
import { writeSync } from 'node:fs'
import { masterKeyKeyring } from '../../electron/core/crypto/keyring'
import { systemClock } from '../../electron/core/base/clock'
import { SessionService } from '../../electron/core/session/sessionService'
import { closeStationDatabase, openStationDatabase } from '../../electron/core/db/database'
import { FAST_PIN_PARAMS, MASTER_KEY_HEX, TEST_PIN } from '../../electron/core/session/testing/tempStation'

const [path, savesArg] = process.argv.slice(2)
if (!path) throw new Error('usage: fsyncAckChild <db file> <saves>')
const saves = Number(savesArg ?? '200')
const db = openStationDatabase(path)
if (process.env.INVIGIL_FSYNC_PROBE_SYNC_OFF === '1') db.pragma('synchronous = OFF')
const service = new SessionService({
  db,
  keyring: masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex')),
  clock: systemClock,
  pinParams: FAST_PIN_PARAMS,
})
await service.setProctorPin(TEST_PIN)
const { sessionId } = service.createSession({
  examId: 'fsync-exam',
  packageHash: 'ab'.repeat(32),
  formSeed: 'fsync-seed',
  durationMs: 60 * 60_000,
})
service.checkIn(sessionId, { candidateId: 'FSYNC-1', name: 'Fsync Probe' })
service.start(sessionId)
writeSync(1, 'START\n')
for (let i = 0; i < saves; i++) {
  service.saveAnswer(sessionId, `q${String(i % 7)}`, `answer-${String(i)}`)
  writeSync(1, `ACK ${String(i)}\n`)
  await new Promise((resolve) => setImmediate(resolve))
}
closeStationDatabase(db)
