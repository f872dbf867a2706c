import { readFileSync, existsSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyBundle } from '../bundle/bundleVerifier'
import { answerKindOf } from '../delivery/formUnits'
import {
  RUNTIME_BANK_OBJECTIVE_MAX,
  runtimeDir,
  installInput,
  SECRET_EXPLANATION,
  SECRET_REFERENCE,
  testProtector,
} from './testing/runtimeFixture'
import type { RuntimeDir } from './testing/runtimeFixture'
import type { StationRuntime } from './stationRuntime'

let home: RuntimeDir
let runtime: StationRuntime | undefined
beforeEach(() => {
  home = runtimeDir()
})
afterEach(async () => {
  await runtime?.close()
  runtime = undefined
  home.cleanup()
})

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

const KEY_ANSWERS = {
  q1: 'B',
  q2: ['C', 'A'],
  q3: true,
  q4: '先傾聽',
  'case.1': 'A',
  'case.2': '因為要理解客戶',
} as const

/** A session that answered every unit (objective ones with their keys) and was submitted by the candidate. */
async function submittedSession(open: StationRuntime): Promise<string> {
  open.installExam(installInput())
  const { sessionId, state } = open.beginSession({ candidateId: 'C/001 x', name: '陳大文' })
  expect(state).toBe('checked_in')
  open.sessions.start(sessionId)
  home.clock.advance(60_000)
  for (const [unit, response] of Object.entries(KEY_ANSWERS)) open.sessions.saveAnswer(sessionId, unit, response)
  open.sessions.setFlag(sessionId, 'q4', true)
  open.sessions.submit(sessionId, 'candidate')
  return sessionId
}

describe('station runtime', () => {
  it('creates the data directory owner-only and the station on first use', async () => {
    runtime = await home.open()
    expect(runtime.stationCreated).toBe(true)
    expect(runtime.station.stationId).toMatch(/^[0-9a-f]{16}$/)
    if (process.platform !== 'win32') expect(statSync(runtime.dataDir).mode & 0o777).toBe(0o700)
    expect(runtime.installedExam()).toBeUndefined()
    expect(await codeOf(() => runtime?.beginSession({ candidateId: 'C1', name: 'A' }))).toBe('NO_EXAM_INSTALLED')
  })

  it('runs install -> check in -> answer -> submit -> export, and the bundle verifies under the station key', async () => {
    runtime = await home.open()
    const id = await submittedSession(runtime)
    const grading = runtime.gradeSession(id)
    expect(grading).toMatchObject({ total: RUNTIME_BANK_OBJECTIVE_MAX, pending: 2, passed: null })

    const out = join(home.dir, 'results')
    const exported = await runtime.exportBundle(id, out)
    expect(basename(exported.file)).toBe(`runtime-demo_C-001-x_${id}.jws`)
    const bytes = readFileSync(exported.file)
    expect(bytes.at(-1)).not.toBe(0x0a)
    const verified = await verifyBundle(bytes, { trustedStationKeys: [runtime.station.publicKeyJwk] })
    expect(verified).toMatchObject({
      ok: true,
      manifest: { candidate: { id: 'C/001 x', name: '陳大文' }, flags: ['q4'], scores: grading },
    })
    expect(exported.manifest.session).toMatchObject({ id, submit_reason: 'candidate', started_at: expect.any(String) })

    // Marked exported only now, with the digest of the file as written.
    const last = runtime.sessions.snapshot(id)
    expect(last.state).toBe('exported')
    const record = runtime.sessions.exportRecord(id)
    expect(JSON.parse(record.events.at(-1) ?? '{}')).toMatchObject({
      type: 'exported',
      data: { bundleSha256: exported.sha256 },
    })
    // A second export (a lost stick) writes a verifying bundle again and does not mark twice.
    const again = await runtime.exportBundle(id, join(home.dir, 'again'))
    expect(await verifyBundle(readFileSync(again.file))).toMatchObject({ ok: true })
  })

  it('checks answers against the session form (its units and their kinds) and hands the UI only the candidate view', async () => {
    runtime = await home.open()
    runtime.installExam(installInput())
    const { sessionId } = runtime.beginSession({ candidateId: 'C1', name: 'A' })
    runtime.sessions.start(sessionId)
    const open = runtime
    for (const [unit, bad] of [
      ['q1', true],
      ['q3', 'A'],
      ['case', 'A'],
      ['nope', 'A'],
    ] as const) {
      expect(
        await codeOf(() =>
          open.sessions.saveAnswer(sessionId, unit, bad, answerKindOf(open.formUnit(sessionId, unit))),
        ),
        unit,
      ).toBe('VALIDATION_FAILED')
    }
    expect(await codeOf(() => runtime?.candidateExam('ses_missing'))).toBe('SESSION_NOT_FOUND')
    const view = runtime.candidateExam(sessionId)
    expect(view.sections.flatMap((s) => s.items.map((i) => i.id)).sort()).toEqual(['case', 'q1', 'q2', 'q3', 'q4'])
    const text = JSON.stringify(view)
    for (const hidden of [SECRET_EXPLANATION, SECRET_REFERENCE, '"key"']) expect(text).not.toContain(hidden)
  })

  it('reopens the same directory as the same station with the exam still installed', async () => {
    runtime = await home.open()
    const installed = runtime.installExam(installInput())
    const { stationId } = runtime.station
    await runtime.close()
    runtime = await home.open()
    expect(runtime.stationCreated).toBe(false)
    expect(runtime.station.stationId).toBe(stationId)
    expect(runtime.installedExam()).toEqual(installed)
    expect(installed).toMatchObject({
      id: 'runtime-demo',
      itemCount: 5,
      unitCount: 6,
      totalPoints: 15,
      durationMinutes: 30,
      source: 'test',
    })
  })

  it('marks a session a dead process left running as interrupted when it opens', async () => {
    runtime = await home.open()
    runtime.installExam(installInput())
    const { sessionId } = runtime.beginSession({ candidateId: 'C1', name: 'A' })
    runtime.sessions.start(sessionId)
    runtime.sessions.saveAnswer(sessionId, 'q1', 'B')
    await runtime.close() // nothing submits or pauses it: as if the process died
    runtime = await home.open()
    expect(runtime.interruptedAtOpen).toMatchObject([{ sessionId, examId: 'runtime-demo' }])
    expect(runtime.sessions.snapshot(sessionId).state).toBe('interrupted')
  })

  it('stores the installed exam only as ciphertext: no key, explanation or reference answer in the database files', async () => {
    runtime = await home.open()
    await submittedSession(runtime)
    const dataDir = runtime.dataDir
    await runtime.close()
    runtime = undefined
    const files = ['station.db', 'station.db-wal'].map((name) => join(dataDir, name)).filter((path) => existsSync(path))
    const bytes = Buffer.concat(files.map((path) => readFileSync(path)))
    expect(bytes.length).toBeGreaterThan(0)
    for (const hidden of [SECRET_EXPLANATION, SECRET_REFERENCE, '"key":', '一加一'])
      expect(bytes.includes(Buffer.from(hidden)), hidden).toBe(false)
  })

  it('refuses a wrong passphrase, a second opener, and accommodations the package forbids', async () => {
    runtime = await home.open()
    expect(await codeOf(() => home.open())).toBe('STATION_IN_USE')
    const input = installInput()
    runtime.installExam({ ...input, settings: { ...input.settings, accommodations_allowed: false } })
    expect(
      await codeOf(() => runtime?.beginSession({ candidateId: 'C1', name: 'A', accommodations: { extraMinutes: 10 } })),
    ).toBe('ACCOMMODATIONS_NOT_ALLOWED')
    expect(await codeOf(() => runtime?.beginSession({ candidateId: ' ', name: 'A' }))).toBe('VALIDATION_FAILED')
    expect(await codeOf(() => runtime?.installExam({ ...input, packageHash: 'nope' }))).toBe('EXAM_INVALID')
    await runtime.close()
    runtime = undefined
    expect(await codeOf(() => home.open(testProtector('wrong passphrase')))).toBe('WRONG_PASSPHRASE')
    // The failed open released the directory.
    runtime = await home.open()
  })

  it('leaves the session submitted when the bundle cannot be written', async () => {
    runtime = await home.open()
    const id = await submittedSession(runtime)
    const notADirectory = join(runtime.dataDir, 'station.json', 'out')
    expect(await codeOf(() => runtime?.exportBundle(id, notADirectory))).toBe('EXPORT_FAILED')
    expect(runtime.sessions.snapshot(id).state).toBe('submitted')
  })

  it('grades manual scores for scenario parts by part id', async () => {
    runtime = await home.open()
    const id = await submittedSession(runtime)
    runtime.sessions.recordManualScore(id, { itemId: 'case', partId: 'case.2', score: 2, grader: 'Ms Lee' })
    runtime.sessions.recordManualScore(id, { itemId: 'q4', score: 4, grader: 'Ms Lee' })
    expect(runtime.gradeSession(id)).toMatchObject({ total: RUNTIME_BANK_OBJECTIVE_MAX + 6, pending: 0, passed: true })
    const exported = await runtime.exportBundle(id, join(home.dir, 'out'))
    expect(exported.manifest.scores.units.find((u) => u.id === 'case.2')).toMatchObject({
      points: 2,
      status: 'scored',
      method: 'manual',
    })
  })
})
