import { createHash } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApiHandlers, createDispatch } from '../api/handlers'
import type { ApiResult, SessionView } from '../api/contract'
import { buildPackage } from '../package/examPackage'
import { signSitting } from '../sitting/sittingFile'
import type { SittingPayload } from '../sitting/sittingSchema'
import { now } from '../sitting/testing/sittingKit'
import type { SittingKit } from '../sitting/testing/sittingKit'
import { OPEN_WINDOW } from '../sitting/testing/stationSittings'
import { SECOND_BANK, twoExamKit } from '../sitting/testing/twoExamSitting'
import { installSitting } from './installSitting'
import type { StationRuntime } from './stationRuntime'
import { runtimeDir } from './testing/runtimeFixture'
import type { RuntimeDir } from './testing/runtimeFixture'

/**
 * A room where candidates sit different exams: one sitting of two packages installed on each station, and each
 * candidate who checks in from its roster gets the exam the roster assigns, under the package hash the sitting signed.
 */
let kit: SittingKit
let payload: SittingPayload
let twoExams: string
beforeAll(async () => {
  kit = await twoExamKit()
  const built = await kit.build()
  if (!built.sitting) throw new Error('the two-exam kit did not build')
  payload = { ...built.sitting.payload, window: OPEN_WINDOW }
  twoExams = await signSitting(payload, kit.authority.privateKeyPem)
})

const opened: { home: RuntimeDir; runtime: StationRuntime }[] = []
afterEach(async () => {
  for (const { home, runtime } of opened.splice(0)) {
    await runtime.close()
    home.cleanup()
  }
})

async function station(): Promise<StationRuntime> {
  const home = runtimeDir()
  const runtime = await home.open()
  runtime.admin.authorities.add(kit.authority.publicKeyPem)
  opened.push({ home, runtime })
  return runtime
}

async function checkIn(runtime: StationRuntime, candidateId: string, name: string): Promise<SessionView> {
  const dispatch = createDispatch(createApiHandlers(runtime, { transport: 'browser-host', appVersion: 'test' }))
  const result = (await dispatch('session.checkIn', { candidateId, name })) as ApiResult<SessionView>
  if (!result.ok) throw new Error(`check-in failed: ${result.error.code} ${result.error.message}`)
  return result.value
}

const hashOf = (examId: string): string => payload.packages.find((pkg) => pkg.exam_id === examId)?.sha256 ?? ''

describe('a sitting of two exams on a station', () => {
  it('installs both packages in one go, and each candidate checks in to the exam the roster gives them', async () => {
    const first = await station()
    const { exam, exams, sitting, installed } = await installSitting(first, twoExams)
    expect(installed).toBe(true)
    expect(exams.map((info) => [info.id, info.packageHash])).toEqual([
      ['tiny', hashOf('tiny')],
      ['tiny-b', hashOf('tiny-b')],
    ])
    // The first exam stays the installed one: what a candidate the roster does not list would sit.
    expect(first.installedExam()).toEqual(exam)
    expect(exam.id).toBe('tiny')
    expect(sitting.exams).toEqual(exams.map((info) => ({ examId: info.id, packageHash: info.packageHash })))
    expect(first.admin.roster.get()?.entries.map((entry) => [entry.candidateId, entry.examId])).toEqual([
      ['C-001', 'tiny'],
      ['C-002', 'tiny-b'],
      ['C-003', 'tiny-b'],
    ])

    const second = await station()
    await installSitting(second, twoExams)
    const chan = await checkIn(first, 'C-001', '陳大文')
    const lee = await checkIn(second, 'c-002', 'Ann Lee')
    expect(first.sessions.snapshot(chan.sessionId)).toMatchObject({ examId: 'tiny', packageHash: hashOf('tiny') })
    expect(second.sessions.snapshot(lee.sessionId)).toMatchObject({
      examId: 'tiny-b',
      packageHash: hashOf('tiny-b'),
    })
    expect(chan.exam.title).toBe('小測驗')
    expect(lee.exam.title).toBe(SECOND_BANK.title)
    // Each exam's own length, and the roster's extra time on top of the second (31 + 15 minutes).
    expect(chan.time.allowedMs).toBe(30 * 60_000)
    expect(lee.time.allowedMs).toBe(46 * 60_000)
  })

  it('installs the same two-exam sitting again without writing anything', async () => {
    const runtime = await station()
    const first = await installSitting(runtime, twoExams)
    const again = await installSitting(runtime, `${twoExams}\n`)
    expect(again).toEqual({ ...first, installed: false })
    expect(runtime.installedExam()?.id).toBe('tiny')
  })

  it('refuses a sitting with an encrypted package among others with the clear message, and installs none of them', async () => {
    const runtime = await station()
    const locked = await buildPackage({
      bank: { ...SECOND_BANK, id: 'tiny-c', title: 'Locked' },
      authorityPrivateKeyPem: kit.authority.privateKeyPem,
      now,
      password: 'open sesame',
    })
    const withLocked = await signSitting(
      {
        ...payload,
        packages: [
          ...payload.packages,
          {
            exam_id: 'tiny-c',
            encrypted: true,
            sha256: createHash('sha256').update(locked, 'utf8').digest('hex'),
            text: locked,
          },
        ],
      },
      kit.authority.privateKeyPem,
    )
    await expect(installSitting(runtime, withLocked)).rejects.toMatchObject({
      code: 'SITTING_PACKAGE_UNSUPPORTED',
      message: expect.stringContaining('package tiny-c of sitting mock-2026-11 is encrypted'),
    })
    expect(runtime.installedExam()).toBeUndefined()
    expect(runtime.installedExamOf(hashOf('tiny-b'))).toBeUndefined()
    expect(runtime.admin.sitting.get()).toBeUndefined()
  })

  it('refuses to start a candidate on an exam the installed sitting does not hold, rather than on another one', async () => {
    const runtime = await station()
    await installSitting(runtime, twoExams)
    expect(() => runtime.beginSession({ candidateId: 'X-9', name: 'X', examId: 'tiny-z' })).toThrow(
      expect.objectContaining({ code: 'NO_EXAM_INSTALLED', message: expect.stringContaining('exam tiny-z') }),
    )
    expect(runtime.admin.sessionRows()).toEqual([])
  })
})
