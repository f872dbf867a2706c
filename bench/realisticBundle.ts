import { join } from 'node:path'
import { writeResultBundle, type ResultBundleInput } from '../electron/core/bundle/bundleWriter'
import { createTestStation, type TestStation } from '../electron/core/bundle/testing/sampleBundle'
import { seededUint32, uniformBelow } from '../electron/core/delivery/seededShuffle'
import { gradeResponses } from '../electron/core/grading/grade'
import { ManualClock } from '../electron/core/base/clock'
import type { SessionRecord } from '../electron/core/session/sessionTypes'
import type { SessionEvent } from '../electron/core/base/eventChain'
import { TEST_PIN } from '../electron/core/session/testing/tempStation'
import { candidateResponse, loadBenchExam, openBenchStation, startBenchSession, type BenchExam } from './benchExam'

/**
 * A result bundle as a real session makes it: the bench exam sat on a station, 35 of its units answered (about
 * two thirds of them revised), some flagged, one proctor extension, submitted, exported and signed.
 */
export interface RealisticBundle {
  bytes: Buffer
  station: TestStation
  responses: number
  events: number
}

const ANSWERED_UNITS = 35
const REVISIONS = 65
const FLAGS = 8

/** The manifest input a station's export builds from a session record. */
export function bundleInput(exam: BenchExam, record: SessionRecord, exportedAt: string): ResultBundleInput {
  const events = record.events.map((line) => JSON.parse(line) as SessionEvent)
  const at = (type: SessionEvent['type']): string | null => events.find((event) => event.type === type)?.at ?? null
  const responses = record.responses.map((r) => ({
    item: r.unitId,
    value: r.response,
    revision: r.revision,
    saved_at: r.savedAt,
  }))
  return {
    exam: { id: exam.bank.id, title: exam.bank.title, package_hash: record.session.packageHash },
    candidate: { id: record.candidate?.candidateId ?? '', name: record.candidate?.name ?? '' },
    session: {
      id: record.session.id,
      created_at: record.session.createdAt,
      started_at: at('started'),
      submitted_at: at('submitted'),
      submit_reason: record.timing.submitReason,
    },
    timing: {
      allowed_ms: record.timing.allowedMs,
      elapsed_ms: record.timing.elapsedMs,
      extensions: record.timing.extensions,
      accommodations: {},
    },
    responses,
    flags: record.flags,
    scores: gradeResponses(exam.bank, Object.fromEntries(responses.map((r) => [r.item, r.value]))),
    exported_at: exportedAt,
  }
}

export async function realisticBundle(dir: string, seed: string): Promise<RealisticBundle> {
  const exam = await loadBenchExam()
  const clock = new ManualClock()
  const { db, service } = openBenchStation(join(dir, 'bundle-station.sqlite'), exam, clock)
  try {
    const next = seededUint32(seed, 'realistic-bundle')
    const sessionId = await startBenchSession(service, exam, 90 * 60_000)
    const answered = exam.units.slice(0, ANSWERED_UNITS)
    const save = (index: number): void => {
      const unit = answered[index]
      if (!unit) return
      clock.advance(20_000 + uniformBelow(next, 40_000))
      service.saveAnswer(sessionId, unit.id, candidateResponse(unit, next), exam.kindOf(unit.id))
    }
    answered.forEach((_, index) => save(index))
    for (let i = 0; i < REVISIONS; i++) save(uniformBelow(next, answered.length))
    for (let i = 0; i < FLAGS; i++)
      service.setFlag(sessionId, answered[uniformBelow(next, answered.length)]?.id ?? 'q1', i % 3 !== 2)
    await service.extend(sessionId, TEST_PIN, 5, 'fire alarm')
    service.submit(sessionId, 'candidate')
    const record = service.exportRecord(sessionId)
    const station = createTestStation()
    const jws = writeResultBundle(
      bundleInput(exam, record, new Date(clock.wallMs()).toISOString()),
      record.events,
      station,
    )
    return {
      bytes: Buffer.from(jws, 'ascii'),
      station,
      responses: record.responses.length,
      events: record.events.length,
    }
  } finally {
    db.close()
  }
}
