import { sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import { canonicalJson, isCanonicalJsonOf } from '../base/canonicalJson'
import { fromBase64urlStrict, toBase64url } from '../crypto/base64url'
import { ed25519PublicKeyFromRaw } from '../crypto/ed25519Keys'
import { roundPoints } from '../grading/grade'
import type { ResultsStore, StoredGrade, StoredResult, TrustedGrader } from './resultsStore'

/**
 * Central grading: a results office marks a unit of a stored session. The mark is a statement signed by an enrolled
 * grader's Ed25519 key (domain-separated, over its canonical JSON), kept beside the session, never written into a
 * bundle: the station's signed bundle still verifies as it came. Every reader checks each grade's signature again, so
 * a grade edited in the database, or added without the grader's key, is never applied. The newest valid grade of a
 * unit wins over the station's mark (the office has the last word); every grade stays listed.
 */
export const GRADE_FORMAT = 'invigil-grade/1'
const DOMAIN = `${GRADE_FORMAT} central-grade\n`

export const gradeStatementSchema = z.strictObject({
  format: z.literal(GRADE_FORMAT),
  station: z.string().regex(/^[0-9a-f]{16}$/),
  session: z.string().min(1),
  /** The bundle version the grader saw. */
  bundle_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  unit: z.string().min(1),
  score: z.number().finite().nonnegative(),
  grader: z.string().trim().min(1),
  reason: z.string().trim().min(1),
  at: z.iso.datetime(),
})
export type GradeStatement = z.infer<typeof gradeStatementSchema>

export class CentralGradeError extends Error {
  override readonly name = 'CentralGradeError'
  constructor(
    readonly code: 'FORGED_GRADE' | 'UNKNOWN_SESSION' | 'NOT_GRADABLE',
    message: string,
  ) {
    super(message)
  }
}

export function signGrade(statement: GradeStatement, graderKey: KeyObject): StoredGrade {
  const text = canonicalJson(gradeStatementSchema.parse(statement))
  const signature = toBase64url(sign(null, Buffer.from(DOMAIN + text, 'utf8'), graderKey))
  return { stationId: statement.station, sessionId: statement.session, statement: text, signature }
}

/** The statement when the grade is exactly what an enrolled grader signed; otherwise why not. */
export function openGrade(
  grade: StoredGrade,
  graders: readonly TrustedGrader[],
): { ok: true; statement: GradeStatement } | { ok: false; reason: string } {
  let value: unknown
  try {
    value = JSON.parse(grade.statement)
  } catch {
    return { ok: false, reason: 'the grade statement is not JSON' }
  }
  const parsed = gradeStatementSchema.safeParse(value)
  if (!parsed.success || !isCanonicalJsonOf(value, grade.statement))
    return { ok: false, reason: 'the grade statement is not an invigil-grade/1 statement in canonical JSON' }
  const statement = parsed.data
  if (statement.station !== grade.stationId || statement.session !== grade.sessionId)
    return { ok: false, reason: 'the grade is filed under another session than it names' }
  const grader = graders.find((entry) => entry.name === statement.grader)
  if (!grader) return { ok: false, reason: `${statement.grader} is not an enrolled grader` }
  let valid: boolean
  try {
    const key = ed25519PublicKeyFromRaw(fromBase64urlStrict(grader.publicKeyJwk.x))
    valid = verify(null, Buffer.from(DOMAIN + grade.statement, 'utf8'), key, fromBase64urlStrict(grade.signature))
  } catch {
    valid = false
  }
  return valid ? { ok: true, statement } : { ok: false, reason: `the grade is not signed by ${grader.name}'s key` }
}

/** Checks a signed grade against the enrolled graders and the stored session, then records it. */
export async function recordCentralGrade(store: ResultsStore, grade: StoredGrade): Promise<GradeStatement> {
  const opened = openGrade(grade, await store.trustedGraders())
  if (!opened.ok) throw new CentralGradeError('FORGED_GRADE', opened.reason)
  const { statement } = opened
  const [result] = await store.listResults({ stationId: statement.station, sessionId: statement.session })
  if (!result)
    throw new CentralGradeError(
      'UNKNOWN_SESSION',
      `no result for station ${statement.station} session ${statement.session}`,
    )
  const unit = result.manifest.scores.units.find((entry) => entry.id === statement.unit)
  if (unit?.method !== 'manual')
    throw new CentralGradeError('NOT_GRADABLE', `${statement.unit} is not a manually graded unit of this session`)
  if (statement.score > unit.max)
    throw new CentralGradeError('NOT_GRADABLE', `${statement.unit} is worth at most ${String(unit.max)}`)
  await store.addGrade(grade)
  return statement
}

export interface GradedResult extends StoredResult {
  /** The valid central grades applied, oldest first. */
  grades: GradeStatement[]
  /** Grades found but not applied (forged, edited, or for a unit the result lacks), with why. */
  refusedGrades: string[]
}

/** The result with its valid central grades applied: unit points and status, total, pending and verdict. */
export function applyGrades(result: StoredResult, stored: readonly StoredGrade[], graders: readonly TrustedGrader[]) {
  const graded: GradedResult = { ...result, grades: [], refusedGrades: [] }
  const latest = new Map<string, GradeStatement>()
  for (const grade of stored) {
    const opened = openGrade(grade, graders)
    const unit = opened.ok ? result.manifest.scores.units.find((u) => u.id === opened.statement.unit) : undefined
    if (!opened.ok) graded.refusedGrades.push(opened.reason)
    else if (unit?.method !== 'manual' || opened.statement.score > unit.max)
      graded.refusedGrades.push(`${opened.statement.unit} cannot take this grade`)
    else {
      graded.grades.push(opened.statement)
      latest.set(unit.id, opened.statement)
    }
  }
  if (latest.size === 0) return graded
  const units = result.manifest.scores.units.map((unit) => {
    const grade = latest.get(unit.id)
    return grade ? { ...unit, points: roundPoints(grade.score), status: 'scored' as const } : unit
  })
  graded.total = roundPoints(units.reduce((sum, unit) => sum + unit.points, 0))
  graded.pending = units.filter((unit) => unit.status === 'pending_manual').length
  const passMark = result.manifest.scores.pass_mark
  graded.passed = graded.pending > 0 || passMark === null ? null : graded.total >= passMark
  graded.manifest = { ...result.manifest, scores: { ...result.manifest.scores, units } }
  return graded
}

/** Stored results with their central grades applied, each grade's signature checked on the way. */
export async function gradedResults(store: ResultsStore, filter?: Parameters<ResultsStore['listResults']>[0]) {
  const [results, graders] = await Promise.all([store.listResults(filter), store.trustedGraders()])
  return Promise.all(
    results.map(async (result) =>
      applyGrades(
        result,
        await store.listGrades({ stationId: result.stationId, sessionId: result.sessionId }),
        graders,
      ),
    ),
  )
}
