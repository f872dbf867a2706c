import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { masterKeyKeyring } from '../electron/core/crypto/keyring'
import { seededUint32, uniformBelow } from '../electron/core/delivery/seededShuffle'
import { systemClock } from '../electron/core/base/clock'
import { SessionService } from '../electron/core/session/sessionService'
import { openStationDatabase } from '../electron/core/db/database'
import {
  crashChildItem,
  crashChildResponse,
  runAndKill,
  type CrashAck,
  type CrashRun,
} from '../electron/core/session/testing/crashProtocol'
import { FAST_PIN_PARAMS, MASTER_KEY_HEX, TEST_PIN } from '../electron/core/session/testing/tempStation'
import { buildCrashChild } from './crashChildBuild'
import type { Figures } from './stats'

/**
 * Real crashes: a child process saves answers and prints each acknowledgement; it is SIGKILLed a random time after
 * its session started. Then, as a restarted station would, the parent reopens the database and demands that every
 * acknowledged answer reads back with its value and revision, that SQLite's integrity_check passes and that the
 * session's chain verifies. Each lane (at most 2, one per core) keeps its own database across its trials, so later
 * trials also crash a database that has been crashed before.
 */
export interface CrashBenchOptions {
  dir: string
  seed: string
  trials: number
  lanes: number
  /** Kill delays are uniform in [0, maxDelayMs] after the SESSION line. */
  maxDelayMs: number
}

const ITEMS = 7

interface TrialOutcome {
  acks: number
  lost: number
  /** Why the reopened database or session does not hold up; undefined when it does. */
  integrityProblem?: string
  /** The child died on its own (e.g. the native module was being rebuilt): no crash happened, so no trial. */
  childFailure?: string
}

const serviceOn = (db: ReturnType<typeof openStationDatabase>): SessionService =>
  new SessionService({
    db,
    keyring: masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex')),
    clock: systemClock,
    pinParams: FAST_PIN_PARAMS,
  })

/** An acknowledged answer is lost unless its exact revision is stored with its value. */
function countLost(acks: readonly CrashAck[], saved: ReadonlyMap<string, unknown>): number {
  return acks.filter(
    (ack) =>
      saved.get(`${ack.unitId}#${String(ack.revision)}`) !== crashChildResponse(ack.i) ||
      ack.unitId !== crashChildItem(ack.i, ITEMS),
  ).length
}

/** Every stored revision of the session, read back as the proctor's recovery and the export would. */
async function recoverRevisions(service: SessionService, sessionId: string): Promise<Map<string, unknown>> {
  const interrupted = service.listInterrupted().find((s) => s.sessionId === sessionId)
  if (!interrupted) throw new Error('the killed session is not listed as interrupted')
  if (interrupted.problem) throw new Error(`the interrupted session has a problem: ${interrupted.problem}`)
  await service.recover(sessionId, TEST_PIN)
  service.start(sessionId)
  service.submit(sessionId, 'proctor')
  return new Map(
    service.exportRecord(sessionId).revisions.map((r) => [`${r.unitId}#${String(r.revision)}`, r.response]),
  )
}

const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

/** What a restarted station finds after the kill. Answers that cannot be read back at all count as lost. */
async function checkAfterCrash(path: string, run: CrashRun): Promise<TrialOutcome> {
  const db = openStationDatabase(path)
  const problems: string[] = []
  let saved = new Map<string, unknown>()
  try {
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`)
    const service = serviceOn(db)
    const chain = service.verifyIntegrity(run.sessionId)
    if (!chain.ok) problems.push(`chain: ${chain.reason}`)
    saved = await recoverRevisions(service, run.sessionId)
  } catch (error) {
    problems.push(errorText(error))
  } finally {
    db.close()
  }
  const outcome = { acks: run.acks.length, lost: countLost(run.acks, saved) }
  return problems.length > 0 ? { ...outcome, integrityProblem: problems.join('; ') } : outcome
}

/** One spawn, one SIGKILL, one check. A child that dies on its own is a failed trial, not a crash. */
async function runTrial(db: string, childScript: string, delayMs: number): Promise<TrialOutcome> {
  let run: CrashRun
  try {
    run = await runAndKill({ db, masterKeyHex: MASTER_KEY_HEX, items: ITEMS, pin: TEST_PIN, childScript }, { delayMs })
  } catch (error) {
    // The message carries the child's whole stderr; one line of it says enough.
    return { acks: 0, lost: 0, childFailure: errorText(error).replace(/\s+/g, ' ').slice(0, 200) }
  }
  return run.done
    ? { acks: run.acks.length, lost: 0, integrityProblem: 'the child finished before the kill' }
    : await checkAfterCrash(db, run)
}

/** A lane's database with the proctor PIN already set cheaply, so no child spends time on scrypt. */
async function prepareLane(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'station.sqlite')
  const db = openStationDatabase(path)
  await serviceOn(db).setProctorPin(TEST_PIN)
  db.close()
  return path
}

export async function runCrashBench(options: CrashBenchOptions): Promise<Figures> {
  const childScript = await buildCrashChild(options.dir)
  const next = seededUint32(options.seed, 'crash-bench')
  const delays = Array.from({ length: options.trials }, () => uniformBelow(next, options.maxDelayMs + 1))
  const outcomes: TrialOutcome[] = []
  let nextTrial = 0

  const lane = async (laneNo: number): Promise<void> => {
    const db = await prepareLane(join(options.dir, `crash-lane-${String(laneNo)}`))
    for (let trial = nextTrial++; trial < options.trials; trial = nextTrial++) {
      const outcome = await runTrial(db, childScript, delays[trial] ?? 0)
      const problem = outcome.childFailure ?? outcome.integrityProblem
      if (outcome.lost > 0 || problem)
        console.log(`# crash trial ${String(trial)}: lost ${String(outcome.lost)}, ${problem ?? ''}`)
      outcomes.push(outcome)
      if (outcomes.length % 100 === 0)
        console.log(`# crash: ${String(outcomes.length)}/${String(options.trials)} trials`)
    }
  }
  await Promise.all(Array.from({ length: options.lanes }, (_, laneNo) => lane(laneNo)))

  const crashed = outcomes.filter((o) => o.childFailure === undefined)
  const sum = (pick: (o: TrialOutcome) => number): number => crashed.reduce((total, o) => total + pick(o), 0)
  return [
    ['crash_trials', crashed.length],
    ['crash_child_failures', outcomes.length - crashed.length],
    ['crash_lost', sum((o) => o.lost)],
    ['crash_integrity_failures', sum((o) => (o.integrityProblem ? 1 : 0))],
    ['crash_acks_total', sum((o) => o.acks)],
    ['crash_trials_without_ack', sum((o) => (o.acks === 0 ? 1 : 0))],
    ['crash_max_delay_ms', options.maxDelayMs],
  ]
}
