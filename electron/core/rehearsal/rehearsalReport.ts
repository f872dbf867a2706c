import type { Diagnostic } from '../bank/diagnostics'

/** The rehearsal's steps, in the order they run. */
export const REHEARSAL_STEPS = [
  'bank',
  'answers',
  'station',
  'keys',
  'storage',
  'install',
  'check-in',
  'start',
  'answer',
  'submit',
  'grade',
  'export',
  'verify',
] as const
export type RehearsalStep = (typeof REHEARSAL_STEPS)[number]

export type StepReport =
  | { step: RehearsalStep; ok: true; detail: string; ms: number }
  | { step: RehearsalStep; ok: false; code: string; message: string; ms: number }

export type StepFailure = Extract<StepReport, { ok: false }>

/** Told about each step as it completes, so a slow or stuck step is visible while it runs. */
export interface RehearsalReporter {
  step(report: StepReport): void
  /** Located problems (and warnings) in the bank or answers file, before that step's verdict. */
  diagnostics?(diagnostics: readonly Diagnostic[]): void
}

export interface RehearsalSummary {
  stationId: string
  stationCreated: boolean
  examId: string
  packageHash: string
  sessionId: string
  candidateId: string
  answered: number
  bundleFile: string
  bundleSha256: string
  score: { total: number; max: number; pending: number; passed: boolean | null }
}

export type RehearsalResult =
  | { ok: true; steps: StepReport[]; summary: RehearsalSummary }
  /** sessionId: the session the run had begun, if any, left as the failed step found it. */
  | { ok: false; steps: StepReport[]; failure: StepFailure; sessionId?: string }

/** `✓ storage — WAL, … (3 ms)` or `✗ station — WRONG_PASSPHRASE: wrong passphrase (96 ms)`. */
export function formatStep(report: StepReport): string {
  const ms = `(${String(Math.round(report.ms))} ms)`
  return report.ok
    ? `✓ ${report.step} — ${report.detail} ${ms}`
    : `✗ ${report.step} — ${report.code}: ${report.message} ${ms}`
}

/** A failure with a code the core gave it; anything without one is a bug and says so. */
export function failureOf(step: RehearsalStep, error: unknown, ms: number): StepFailure {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'INTERNAL'
  const message = error instanceof Error ? error.message : String(error)
  return { step, ok: false, code, message, ms }
}

/** Raised by a step that fails on its own terms (a bank with errors), with a code like the core's typed errors. */
export class RehearsalError extends Error {
  override readonly name = 'RehearsalError'
  constructor(
    readonly code: 'BANK_INVALID' | 'ANSWERS_INVALID' | 'VERIFY_FAILED',
    message: string,
  ) {
    super(message)
  }
}
