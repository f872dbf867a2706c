import { z } from 'zod'
import { bankItemCount, bankTotal } from '../bank/bankTotals'
import { checkBank } from '../bank/checks'
import { bankSchema } from '../bank/schema'
import { assetsSchema, examAssetUrl } from '../bank/assets/bankAssets'
import { renderRichBlock } from '../bank/richText/richMarkdown'
import type { BankAsset } from '../bank/assets/bankAssets'
import type { Bank } from '../bank/schema'
import { answerableUnits } from '../delivery/answerableUnits'
import type { AnswerableUnit } from '../delivery/answerableUnits'
import { buildCandidateView } from '../delivery/candidateView'
import type { CandidateExam } from '../delivery/candidateView'
import { buildDeliveryForm } from '../delivery/deliveryForm'
import type { DeliveryForm } from '../delivery/deliveryForm'
import { formUnitsOf } from '../delivery/formUnits'
import type { FormUnit } from '../delivery/formUnits'
import { deliveredBank } from '../package/deliveredBank'
import { deliverySettingsSchema, resolveDeliverySettings } from '../package/packageSettings'
import type { DeliverySettings } from '../package/packageSettings'
import { SessionError } from '../base/sessionErrors'
import type { ExamRow, ExamStore } from '../db/examStore'
import type { SessionTable } from '../db/sessionTable'
import { RuntimeError } from '../base/runtimeError'
import type { InstalledExamInfo } from './installedExamInfo'

/** What installing takes: a validated bank and resolved settings, e.g. from openPackage, plus where they came from. */
export interface InstallExamInput {
  bank: Bank
  settings: DeliverySettings
  /** SHA-256 (hex) of the package file (or, for a rehearsal, of the bank file): what sessions and results cite. */
  packageHash: string
  /** Where it came from, for the record: a package file name, "rehearsal"... */
  source: string
  /** A markdown bank's images, from the package (or read beside a bank file). */
  assets?: BankAsset[]
}

/** An exam opened for delivery and grading. Holds the answer keys: stays in the core, never crosses to the UI. */
export interface LoadedExam {
  info: InstalledExamInfo
  /** With the package's overrides applied (deliveredBank). */
  bank: Bank
  settings: DeliverySettings
  units: ReadonlyMap<string, AnswerableUnit>
  /** The bank's images by their path in the bank. */
  assets: ReadonlyMap<string, BankAsset>
}

/** A session's exam: its form (from the session's own seed), the candidate-safe view of it, and its units by id. */
export interface SessionExam {
  exam: LoadedExam
  form: DeliveryForm
  view: CandidateExam
  units: ReadonlyMap<string, FormUnit>
  /** A markdown bank's block renderer (images at the station's asset URLs) for staff views; undefined when plain. */
  richBlock: ((source: string) => string) | undefined
}

const contentSchema = z.strictObject({ bank: bankSchema, settings: deliverySettingsSchema, assets: assetsSchema })
const installSchema = contentSchema.extend({
  packageHash: z.string().regex(/^[0-9a-f]{64}$/, 'packageHash is a SHA-256 in lower-case hex'),
  source: z.string().trim().min(1).max(500),
})

const invalid = (message: string): RuntimeError => new RuntimeError('EXAM_INVALID', message)

function parseContent<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw invalid(`${what} at ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`)
}

/**
 * Installed exams, decrypted once per process and cached, and each session's form. Every path to exam content
 * goes through here, so the unit kinds answers are checked against and the view the candidate sees come from the
 * same bank and seed.
 */
export class ExamCatalog {
  private readonly exams = new Map<string, LoadedExam>()
  private readonly sessionExams = new Map<string, SessionExam>()

  constructor(
    private readonly store: ExamStore,
    private readonly sessionRows: SessionTable,
  ) {}

  install(input: InstallExamInput, at: string): InstalledExamInfo {
    const { bank, settings, packageHash, source, assets } = parseContent(installSchema, input, 'exam')
    const problems = [...checkBank(bank), ...resolveDeliverySettings(bank, settings).problems].filter(
      (p) => p.severity === 'error',
    )
    if (problems.length > 0) throw invalid(`the exam cannot be installed: ${problems.map((p) => p.message).join('; ')}`)
    this.exams.delete(packageHash)
    this.sessionExams.clear()
    const row = this.store.install(
      { packageHash, examId: bank.id, source, content: { bank, settings, ...(assets ? { assets } : {}) } },
      at,
    )
    return this.load(row).info
  }

  /** The exam new sessions are created for; undefined when none is installed. */
  active(): LoadedExam | undefined {
    const row = this.store.active()
    return row && (this.exams.get(row.packageHash) ?? this.load(row))
  }

  /** Whether the package is installed here, active or not; its exam's facts if it is. */
  installed(packageHash: string): InstalledExamInfo | undefined {
    if (!this.exams.has(packageHash) && !this.store.get(packageHash)) return undefined
    return this.byPackageHash(packageHash).info
  }

  byPackageHash(packageHash: string): LoadedExam {
    const cached = this.exams.get(packageHash)
    if (cached) return cached
    const row = this.store.get(packageHash)
    if (!row)
      throw new RuntimeError(
        'NO_EXAM_INSTALLED',
        `the exam package ${packageHash.slice(0, 12)}… is not installed on this station`,
      )
    return this.load(row)
  }

  forSession(sessionId: string): SessionExam {
    const cached = this.sessionExams.get(sessionId)
    if (cached) return cached
    const row = this.sessionRows.get(sessionId)
    if (!row) throw new SessionError('SESSION_NOT_FOUND', `no session ${sessionId}`, { sessionId })
    const exam = this.byPackageHash(row.package_hash)
    const form = buildDeliveryForm(exam.bank, row.form_seed)
    const imageSource = (path: string): string | undefined => {
      const asset = exam.assets.get(path)
      return asset && examAssetUrl(asset.sha256)
    }
    const view = buildCandidateView(exam.bank, form, imageSource)
    const richBlock =
      exam.bank.text_format === 'markdown' ? (source: string) => renderRichBlock(source, { imageSource }) : undefined
    const sessionExam = { exam, form, view, units: formUnitsOf(view), richBlock }
    this.sessionExams.set(sessionId, sessionExam)
    return sessionExam
  }

  /**
   * An image of an installed exam by its SHA-256, for the station to serve; undefined when no installed exam has
   * it. Only exams already opened this run are searched: a candidate's page asks only for its own exam's images.
   */
  asset(sha256: string): BankAsset | undefined {
    this.active()
    for (const exam of this.exams.values()) {
      for (const asset of exam.assets.values()) if (asset.sha256 === sha256) return asset
    }
    return undefined
  }

  private load(row: ExamRow): LoadedExam {
    const stored = this.store.content(row.packageHash)
    const { bank: original, settings, assets } = parseContent(contentSchema, stored, `installed exam ${row.examId}`)
    if (original.id !== row.examId) throw invalid(`installed exam ${row.examId} holds bank ${original.id}`)
    const bank = deliveredBank(original, settings)
    const units = new Map(
      bank.sections.flatMap((section) => section.items.flatMap(answerableUnits)).map((unit) => [unit.id, unit]),
    )
    const info: InstalledExamInfo = {
      id: bank.id,
      title: bank.title,
      language: bank.language,
      durationMinutes: settings.duration_minutes,
      itemCount: bankItemCount(bank),
      unitCount: units.size,
      totalPoints: bankTotal(bank),
      accommodationsAllowed: settings.accommodations_allowed,
      packageHash: row.packageHash,
      source: row.source,
      installedAt: row.installedAt,
    }
    const exam = { info, bank, settings, units, assets: new Map((assets ?? []).map((asset) => [asset.path, asset])) }
    this.exams.set(row.packageHash, exam)
    return exam
  }
}
