import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { bankSize, plural } from '../bank/bankSummary'
import { hasErrors } from '../bank/diagnostics'
import type { Diagnostic } from '../bank/diagnostics'
import { loadBankFile } from '../bank/loadBank'
import type { Bank } from '../bank/schema'
import { verifyBundle } from '../bundle/bundleVerifier'
import { canonicalJson } from '../base/canonicalJson'
import type { KeyProtector } from '../crypto/keyProtector'
import type { CandidateExam } from '../delivery/candidateView'
import { answerKindOf } from '../delivery/formUnits'
import type { GradingResult } from '../grading/gradingTypes'
import { resolveDeliverySettings } from '../package/packageSettings'
import { systemClock } from '../base/clock'
import type { Clock } from '../base/clock'
import type { RandomSource } from '../crypto/randomSource'
import { openStationRuntime } from '../runtime/stationRuntime'
import type { StationRuntime } from '../runtime/stationRuntime'
import { keyAnswers, loadAnswersFile } from './rehearsalAnswers'
import type { RehearsalAnswers } from './rehearsalAnswers'
import { failureOf, RehearsalError } from './rehearsalReport'
import type {
  RehearsalReporter,
  RehearsalResult,
  RehearsalStep,
  RehearsalSummary,
  StepFailure,
  StepReport,
} from './rehearsalReport'

export interface RehearsalOptions {
  bankFile: string
  outDir: string
  /** The station's data directory: created on first use, reused after. */
  dataDir: string
  protector: KeyProtector
  /** Default REHEARSAL-001. */
  candidateId?: string
  /** Unit id -> response; replaces the default key answers. */
  answersFile?: string
  reporter: RehearsalReporter
  clock?: Clock
  random?: RandomSource
  nativeBinding?: string
}

export const DEFAULT_REHEARSAL_CANDIDATE = 'REHEARSAL-001'
export const REHEARSAL_SOURCE = 'rehearsal'

/** Stops the run after a failed step; the failure has already been reported. */
class StepFailed extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.message)
  }
}

class StepRunner {
  readonly steps: StepReport[] = []
  constructor(
    private readonly reporter: RehearsalReporter,
    private readonly clock: Clock,
  ) {}

  async step<T>(step: RehearsalStep, act: () => T | Promise<T>, detail: (value: T) => string): Promise<T> {
    const started = this.clock.monotonicMs()
    const elapsed = (): number => Math.round(this.clock.monotonicMs() - started)
    let value: T
    try {
      value = await act()
    } catch (error) {
      const failure = failureOf(step, error, elapsed())
      this.report(failure)
      throw new StepFailed(failure)
    }
    this.report({ step, ok: true, detail: detail(value), ms: elapsed() })
    return value
  }

  private report(report: StepReport): void {
    this.steps.push(report)
    this.reporter.step(report)
  }
}

const short = (hex: string): string => `${hex.slice(0, 16)}…`
const unitsInViewOrder = (view: CandidateExam): { id: string; type: string }[] =>
  view.sections.flatMap((section) =>
    section.items.flatMap((item): { id: string; type: string }[] => (item.type === 'scenario' ? item.parts : [item])),
  )

const errorCount = (diagnostics: readonly Diagnostic[]): string =>
  plural(diagnostics.filter((d) => d.severity === 'error').length, 'error')

function checkedDiagnostics(
  reporter: RehearsalReporter,
  diagnostics: readonly Diagnostic[],
  error: RehearsalError,
): void {
  if (diagnostics.length > 0) reporter.diagnostics?.(diagnostics)
  if (hasErrors(diagnostics)) throw error
}

async function loadBank(options: RehearsalOptions): Promise<{ bank: Bank; packageHash: string; warnings: number }> {
  const { bank, diagnostics } = await loadBankFile(options.bankFile)
  checkedDiagnostics(
    options.reporter,
    diagnostics,
    new RehearsalError('BANK_INVALID', `${options.bankFile} has ${errorCount(diagnostics)}`),
  )
  if (!bank) throw new RehearsalError('BANK_INVALID', `${options.bankFile} is not a valid bank`)
  // The rehearsal installs the bank file itself, so its bytes stand in for a package's.
  const packageHash = createHash('sha256')
    .update(await readFile(options.bankFile))
    .digest('hex')
  return { bank, packageHash, warnings: diagnostics.length }
}

async function loadAnswers(options: RehearsalOptions, bank: Bank): Promise<RehearsalAnswers> {
  if (options.answersFile === undefined) return keyAnswers(bank)
  const { answers, diagnostics } = await loadAnswersFile(options.answersFile, bank)
  checkedDiagnostics(
    options.reporter,
    diagnostics,
    new RehearsalError('ANSWERS_INVALID', `${options.answersFile} has ${errorCount(diagnostics)}`),
  )
  if (!answers) throw new RehearsalError('ANSWERS_INVALID', `${options.answersFile} holds no answers`)
  return answers
}

/** Answers every unit the answers cover, in the order the candidate's form shows them. */
function answerAll(
  runtime: StationRuntime,
  sessionId: string,
  answers: RehearsalAnswers,
): { saved: number; written: number; units: number } {
  const units = unitsInViewOrder(runtime.candidateExam(sessionId))
  let saved = 0
  let written = 0
  for (const unit of units) {
    const response = answers.get(unit.id)
    if (response === undefined) continue
    runtime.sessions.saveAnswer(sessionId, unit.id, response, answerKindOf(runtime.formUnit(sessionId, unit.id)))
    saved++
    if (unit.type === 'short_answer') written++
  }
  return { saved, written, units: units.length }
}

/** Reads the exported file again, as a results office would, and checks it against what the station holds. */
async function verifyExport(runtime: StationRuntime, sessionId: string, file: string, scores: GradingResult) {
  const verified = await verifyBundle(await readFile(file), { trustedStationKeys: [runtime.station.publicKeyJwk] })
  if (!verified.ok) throw new RehearsalError('VERIFY_FAILED', `${file}: ${verified.code}: ${verified.reason}`)
  if (canonicalJson(verified.manifest.scores) !== canonicalJson(scores))
    throw new RehearsalError('VERIFY_FAILED', 'the bundle scores differ from the grading')
  const integrity = runtime.sessions.verifyIntegrity(sessionId)
  if (!integrity.ok)
    throw new RehearsalError('VERIFY_FAILED', `the session record does not verify: ${integrity.reason}`)
  const { state } = runtime.sessions.snapshot(sessionId)
  if (state !== 'exported') throw new RehearsalError('VERIFY_FAILED', `the session is ${state}, not exported`)
  return verified.manifest.event_log
}

function openRuntime(options: RehearsalOptions, clock: Clock): Promise<StationRuntime> {
  const { dataDir, protector, random, nativeBinding } = options
  return openStationRuntime({
    dataDir,
    protector,
    clock,
    ...(random ? { random } : {}),
    ...(nativeBinding ? { nativeBinding } : {}),
  })
}

const answersDetail = (options: RehearsalOptions, answers: RehearsalAnswers): string =>
  options.answersFile === undefined
    ? `${plural(answers.size, 'unit')}: objective ones with their key, written ones with a rehearsal text`
    : `${plural(answers.size, 'answer')} from ${options.answersFile}`

/** What a run has opened and made so far: closed, or named in a failure, by rehearse(). */
interface Progress {
  runtime?: StationRuntime
  sessionId?: string
}

async function runSteps(options: RehearsalOptions, run: StepRunner, progress: Progress): Promise<RehearsalSummary> {
  const clock = options.clock ?? systemClock
  const candidateId = options.candidateId ?? DEFAULT_REHEARSAL_CANDIDATE
  const { bank, packageHash } = await run.step(
    'bank',
    () => loadBank(options),
    (loaded) =>
      `${loaded.bank.id}: ${bankSize(loaded.bank)}, ${plural(loaded.warnings, 'warning')}; sha256 ${short(loaded.packageHash)}`,
  )
  const answers = await run.step(
    'answers',
    () => loadAnswers(options, bank),
    (loaded) => answersDetail(options, loaded),
  )

  const runtime = await run.step(
    'station',
    () => openRuntime(options, clock),
    (open) =>
      `${open.stationCreated ? 'created' : 'opened'} station ${open.station.stationId} in ${open.dataDir}; ` +
      `${plural(open.interruptedAtOpen.length, 'interrupted session')} found`,
  )
  progress.runtime = runtime
  await run.step(
    'keys',
    () => runtime.checkKeys(),
    () => 'Ed25519 signature verifies with the public key; master-key wrap round trip ok',
  )
  await run.step(
    'storage',
    () => runtime.checkStorage(),
    (report) =>
      `WAL, synchronous=FULL, integrity ok, write+read round trip ok (schema v${String(report.schemaVersion)})`,
  )

  const install = { bank, settings: resolveDeliverySettings(bank, {}).settings, packageHash, source: REHEARSAL_SOURCE }
  const exam = await run.step(
    'install',
    () => runtime.installExam(install),
    (info) => `${info.id}, ${String(info.durationMinutes)} min, ${plural(info.unitCount, 'answerable unit')}`,
  )
  const { sessionId } = await run.step(
    'check-in',
    () => runtime.beginSession({ candidateId, name: 'Rehearsal Candidate' }),
    (begun) => `session ${begun.sessionId}, candidate ${candidateId}`,
  )
  progress.sessionId = sessionId
  await run.step(
    'start',
    () => runtime.sessions.start(sessionId),
    (time) => `${String(time.allowedMs / 60_000)} min allowed`,
  )
  const answered = await run.step(
    'answer',
    () => answerAll(runtime, sessionId, answers),
    (count) => `${String(count.saved)} of ${plural(count.units, 'unit')} answered (${String(count.written)} written)`,
  )
  await run.step(
    'submit',
    () => runtime.sessions.submit(sessionId, 'candidate'),
    (time) => `${time.state} after ${String(Math.round(time.elapsedMs / 1000))} s`,
  )

  const grading = await run.step(
    'grade',
    () => runtime.gradeSession(sessionId),
    (result) =>
      `${String(result.total)}/${String(result.max)} points, ${String(result.pending)} pending manual marking`,
  )
  const bundle = await run.step(
    'export',
    () => runtime.exportBundle(sessionId, options.outDir),
    (written) => `${written.file} (sha256 ${short(written.sha256)})`,
  )
  await run.step(
    'verify',
    () => verifyExport(runtime, sessionId, bundle.file, grading),
    (log) => `signature ok; ${plural(log.count, 'event')} chain to ${short(log.head)}; session exported`,
  )
  return {
    stationId: runtime.station.stationId,
    stationCreated: runtime.stationCreated,
    examId: exam.id,
    packageHash,
    sessionId,
    candidateId,
    answered: answered.saved,
    bundleFile: bundle.file,
    bundleSha256: bundle.sha256,
    score: { total: grading.total, max: grading.max, pending: grading.pending, passed: grading.passed },
  }
}

/**
 * A whole session through the same runtime the UI uses: bank -> station (keys) -> storage -> install -> check in ->
 * start -> answer every unit -> submit -> grade -> export -> verify. Doubles as the lab readiness check: each step
 * is reported as it completes, and the first failure stops the run and names its step and code. Never throws for
 * a failed step.
 */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  const run = new StepRunner(options.reporter, options.clock ?? systemClock)
  const progress: Progress = {}
  try {
    const summary = await runSteps(options, run, progress)
    return { ok: true, steps: run.steps, summary }
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error
    const { sessionId } = progress
    return { ok: false, steps: run.steps, failure: error.failure, ...(sessionId === undefined ? {} : { sessionId }) }
  } finally {
    await progress.runtime?.close()
  }
}
