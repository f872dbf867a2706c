import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { ManualClock } from '../electron/core/base/clock'
import { eventLine, parseEventLine } from '../electron/core/base/eventChain'
import { writeResultBundle } from '../electron/core/bundle/bundleWriter'
import { createTestStation, type TestStation } from '../electron/core/bundle/testing/sampleBundle'
import { seededUint32, uniformBelow } from '../electron/core/delivery/seededShuffle'
import type { SessionRecord } from '../electron/core/session/sessionTypes'
import { TEST_PIN } from '../electron/core/session/testing/tempStation'
import { candidateResponse, openBenchStation, startBenchSession, type BenchExam } from './benchExam'
import { bundleInput } from './realisticBundle'

/**
 * Result bundles shaped as a real exam day makes them, for the import benchmark (issue #12): each station really sits
 * a few sessions of the bench exam (every unit answered, revisions, flags, a proctor extension, submitted, exported),
 * and many distinct bundles are derived from those records. A derived bundle is a sat session with another session
 * id, candidate and answers (each within its unit's options): its event log rewritten where it names them, then
 * written and signed by its station's key through the real bundle writer, which recomputes the chain and refuses
 * to sign anything the verifier would refuse. Sitting 10,000 sessions would take hours; deriving takes seconds.
 */
export interface SatSession {
  record: SessionRecord
  exportedAt: string
}

export interface RealStation {
  station: TestStation
  sessions: SatSession[]
}

/** With the 39 answers, the flags, the extension and the lifecycle events: 114 events, as the issue's session. */
const REVISIONS = 61
const FLAGS = 8
const SURNAMES = ['王', '李', '張', '劉', '陳', '楊', '黃', '趙']
const GIVEN = ['小明', '美玲', '志豪', '淑芬', '家豪', '怡君']

/** One station's morning: `sittings` sessions sat one after the other on a real station database under `dir`. */
async function sitStation(dir: string, exam: BenchExam, seed: string, sittings: number): Promise<RealStation> {
  const clock = new ManualClock()
  const station = createTestStation()
  const { db, service } = openBenchStation(join(dir, `station-${station.stationId}.sqlite`), exam, clock)
  try {
    const sessions: SatSession[] = []
    for (let sitting = 0; sitting < sittings; sitting++) {
      const next = seededUint32(seed, `sitting-${station.stationId}-${String(sitting)}`)
      const candidate = { candidateId: `S-${String(sitting + 1)}`, name: '陳大文' }
      const sessionId = await startBenchSession(service, exam, 90 * 60_000, candidate)
      const save = (index: number): void => {
        const unit = exam.units[index]
        if (!unit) return
        clock.advance(20_000 + uniformBelow(next, 40_000))
        service.saveAnswer(sessionId, unit.id, candidateResponse(unit, next), exam.kindOf(unit.id))
      }
      exam.units.forEach((_, index) => save(index))
      for (let i = 0; i < REVISIONS; i++) save(uniformBelow(next, exam.units.length))
      for (let i = 0; i < FLAGS; i++)
        service.setFlag(sessionId, exam.units[uniformBelow(next, exam.units.length)]?.id ?? 'q1', i % 3 !== 2)
      await service.extend(sessionId, TEST_PIN, 5, 'fire alarm')
      service.submit(sessionId, 'candidate')
      sessions.push({ record: service.exportRecord(sessionId), exportedAt: new Date(clock.wallMs()).toISOString() })
      clock.advance(10 * 60_000)
    }
    return { station, sessions }
  } finally {
    db.close()
  }
}

/** `stations` stations, each sitting `sittings` real sessions. */
export async function sitExamDay(
  dir: string,
  exam: BenchExam,
  seed: string,
  stations: number,
  sittings: number,
): Promise<RealStation[]> {
  const day: RealStation[] = []
  for (let k = 0; k < stations; k++) day.push(await sitStation(dir, exam, `${seed}-${String(k)}`, sittings))
  return day
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex')

/**
 * Bundle `index` of the day: candidate `index` on station `index mod stations`, derived from one of that station's
 * sat sessions. Distinct for distinct indexes (the session id and candidate are).
 */
export function derivedBundle(
  exam: BenchExam,
  day: readonly RealStation[],
  index: number,
  seed: string,
): { station: TestStation; bytes: Buffer; events: number } {
  const { station, sessions } = day[index % day.length] ?? {}
  const sat = sessions?.[Math.floor(index / day.length) % sessions.length]
  if (!station || !sat) throw new Error('derivedBundle needs at least one station with one sat session')
  const next = seededUint32(seed, `bundle-${String(index)}`)
  const sessionId = `ses_${digest(`${seed}/session/${String(index)}`).slice(0, 24)}`
  const events = sat.record.events.map((line) => {
    const event = parseEventLine(line)
    if (event.type === 'session_created') return eventLine({ ...event, data: { ...event.data, session: sessionId } })
    // A real check-in records the digest of the sealed candidate record, which differs for every candidate.
    if (event.type === 'checked_in')
      return eventLine({ ...event, data: { ...event.data, candidate: digest(`${seed}/candidate/${String(index)}`) } })
    return line
  })
  const unitById = new Map(exam.units.map((unit) => [unit.id, unit]))
  const responses = sat.record.responses.map((answer) => {
    const unit = unitById.get(answer.unitId)
    return unit ? { ...answer, response: candidateResponse(unit, next) } : answer
  })
  const record: SessionRecord = {
    ...sat.record,
    session: { ...sat.record.session, id: sessionId },
    candidate: {
      candidateId: `C-${String(index + 1).padStart(5, '0')}`,
      name: `${SURNAMES[index % SURNAMES.length] ?? ''}${GIVEN[index % GIVEN.length] ?? ''}`,
    },
    responses,
    events,
  }
  const jws = writeResultBundle(bundleInput(exam, record, sat.exportedAt), events, station)
  return { station, bytes: Buffer.from(jws, 'ascii'), events: events.length }
}
