import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalJson } from '../base/canonicalJson'
import { toBase64url } from '../crypto/base64url'
import { openGradingStation, type GradingStation } from '../api/testing/gradingStation'
import type { GradingResult } from '../grading/gradingTypes'
import { openResultsStore } from '../results/openResultsStore'
import type { ResultsStore } from '../results/resultsStore'
import { createBundleCollector, type BundleCollector } from '../room/bundleCollection'
import { RoomService } from '../room/roomService'
import { openRoomStore, type RoomStore } from '../room/roomStore'
import { roomKit } from '../room/testing/roomKit'
import { BundleCourier } from './bundleCourier'
import type { RoomFetch } from './roomTransport'

// Results reach the room as they exist, also when a grader scores an answer by hand after the first delivery: the
// station's courier sends the later bundle of the same session, and the room keeps it as the session's newest
// version (the first stays as history), still one collected seat. A made-up score for that session is refused.
let fixture: GradingStation
let dir: string
let room: RoomStore
let results: ResultsStore
let collect: BundleCollector
let courier: BundleCourier
/** Every bundle the courier sent, as the room received it. */
let sent: string[]

beforeEach(async () => {
  fixture = await openGradingStation()
  dir = mkdtempSync(join(tmpdir(), 'invigil-courier-'))
  const kit = await roomKit()
  room = openRoomStore(':memory:')
  // The room's service holds the sitting the collector stores against, as `room serve` composes it.
  new RoomService({
    store: room,
    sitting: kit.sitting,
    roomPrivateKey: kit.roomKey.privateKey,
    clock: kit.clock,
  })
  const station = fixture.station.runtime.stationSigner()
  const at = new Date().toISOString()
  room.insertStation({
    stationId: station.stationId,
    publicKey: station.publicKeyJwk.x,
    admission: 'approved',
    decidedBy: 'P01',
    hostname: 'lab-pc-14',
    appVersion: '0.1.0',
    firstSeen: at,
    lastSeen: at,
  })
  results = await openResultsStore(join(dir, 'results.db'))
  collect = createBundleCollector({
    room,
    results,
    dataDir: dir,
    sittingId: kit.sitting.payload.id,
    roomPrivateKey: kit.roomKey.privateKey,
  })
  sent = []
  // The room server's bundle route, in process.
  const transport: RoomFetch = async (url, init) => {
    expect(url).toBe('http://room.test/room/v1/bundles')
    sent.push(init.body)
    const reply = await collect(Buffer.from(init.body, 'utf8'))
    return { ok: reply.httpStatus === 200, status: reply.httpStatus, json: () => Promise.resolve(reply.body) }
  }
  courier = new BundleCourier({
    runtime: fixture.station.runtime,
    roomUrl: 'http://room.test',
    dataDir: join(dir, 'station'),
    transport,
  })
})

afterEach(async () => {
  await results.close()
  room.close()
  await fixture.close()
  rmSync(dir, { recursive: true, force: true })
})

async function submittedSession(): Promise<string> {
  const { station, proctor } = fixture
  const status = await station.ok('proctor.startSession', { token: proctor, candidateId: 'C-001', name: '陳大文' })
  await station.ok('session.acknowledgeRules', {})
  await station.ok('session.saveAnswer', { unitId: 'q1', response: 'B' })
  await station.ok('session.saveAnswer', { unitId: 'q4', response: '先傾聽客戶。' })
  await station.ok('session.submit', {})
  return status.session?.sessionId ?? ''
}

/**
 * The room holds results of one candidate only, however many versions. (The grading station sits its own exam, not
 * the kit sitting's, so the seat map's per-exam count does not apply here; roomExams.test.ts covers that count.)
 */
const oneCandidateCollected = (): boolean =>
  new Set(room.collected().map((entry) => `${entry.candidateId}/${entry.sessionId}`)).size === 1

const q4 = async () => {
  const stored = await results.listResults()
  expect(stored).toHaveLength(1)
  return stored[0]?.manifest.scores.units.find((unit) => unit.id === 'q4')
}

/**
 * The bundle with its manifest's q4 scored `points`, every figure made to add up (section, total, verdict): signed
 * again by `resign`, or with its old signature kept.
 */
function withQ4Score(bundle: string, points: number, resign?: (data: Uint8Array) => Buffer): string {
  const [header = '', payload = '', signature = ''] = bundle.split('.')
  const [manifestLine = '', ...events] = Buffer.from(payload, 'base64url').toString('utf8').split('\n')
  const { scores } = JSON.parse(manifestLine) as { scores: GradingResult }
  const unit = scores.units.find((u) => u.id === 'q4')
  const section = scores.sections.find((s) => s.id === 'written')
  if (!unit || !section) throw new Error('no q4 in the manifest')
  const more = points - unit.points
  unit.points += more
  section.points += more
  scores.total += more
  scores.passed = scores.pending > 0 || scores.pass_mark === null ? null : scores.total >= scores.pass_mark
  const manifest = { ...(JSON.parse(manifestLine) as object), scores }
  const forged = toBase64url(Buffer.from([canonicalJson(manifest), ...events].join('\n'), 'utf8'))
  const signed = resign ? toBase64url(resign(Buffer.from(`${header}.${forged}`, 'ascii'))) : signature
  return `${header}.${forged}.${signed}`
}

describe('the bundle courier after a manual grade', () => {
  it('delivers the later bundle of the session; the room keeps it as the newest, one seat collected', async () => {
    const { station, admin } = fixture
    const sessionId = await submittedSession()
    expect(await courier.round()).toEqual({ exported: [sessionId], delivered: 1, pending: 0 })
    expect(await q4()).toMatchObject({ status: 'pending_manual' })
    // Nothing new: nothing is exported or sent again.
    expect(await courier.round()).toEqual({ exported: [], delivered: 0, pending: 0 })

    await station.ok('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: 2 })
    expect(await courier.round()).toEqual({ exported: [sessionId], delivered: 1, pending: 0 })
    expect(sent).toHaveLength(2)
    expect(sent[1]).not.toBe(sent[0])
    expect(await q4()).toMatchObject({ points: 2, status: 'scored' })
    const [newest] = await results.listResults()
    expect(newest?.pending).toBe(0)
    const history = await results.resultHistory(newest?.stationId ?? '', sessionId)
    expect(history.map((v) => v.manifest.scores.units.find((u) => u.id === 'q4')?.status)).toEqual(['pending_manual'])
    expect(room.collected().map((c) => c.sessionId)).toEqual([sessionId, sessionId])
    expect(oneCandidateCollected()).toBe(true)

    // Idempotent: the next round sends nothing; the same bundle sent again changes nothing.
    expect(await courier.round()).toEqual({ exported: [], delivered: 0, pending: 0 })
    expect((await collect(Buffer.from(sent[1] ?? ''))).body).toMatchObject({ status: 'duplicate' })
    expect(room.collected()).toHaveLength(2)
    expect(await results.resultHistory(newest?.stationId ?? '', sessionId)).toHaveLength(1)
  })

  it('refuses a bundle of the same session with a made-up score, signed or not', async () => {
    const { station, admin } = fixture
    const sessionId = await submittedSession()
    await courier.round()
    await station.ok('admin.recordScore', { token: admin, sessionId, unitId: 'q4', score: 2 })
    await courier.round()
    const genuine = sent[1] ?? ''

    // Full marks written into the delivered bundle, its signature kept.
    const edited = await collect(Buffer.from(withQ4Score(genuine, 4), 'utf8'))
    expect(edited).toMatchObject({ httpStatus: 422, body: { code: 'BAD_SIGNATURE' } })
    // Even signed with the station's own key: one log has one result, the one the room already holds.
    const signer = station.runtime.stationSigner()
    const resigned = await collect(
      Buffer.from(
        withQ4Score(genuine, 4, (data) => signer.sign(data)),
        'utf8',
      ),
    )
    expect(resigned).toMatchObject({ httpStatus: 422, body: { code: 'MANIFEST_CONFLICT' } })

    expect(await q4()).toMatchObject({ points: 2, status: 'scored' })
    expect(room.collected()).toHaveLength(2)
    expect(oneCandidateCollected()).toBe(true)
  })
})
