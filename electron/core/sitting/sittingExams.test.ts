import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../bank/diagnostics'
import { signSitting, verifySitting } from './sittingFile'
import { candidateExamId } from './sittingExams'
import { formatSittingSummary, summarizeSitting } from './sittingSummary'
import { sittingKit } from './testing/sittingKit'
import type { SittingKit } from './testing/sittingKit'
import { TWO_EXAM_ROSTER, twoExamKit } from './testing/twoExamSitting'

/** The build's diagnostics as a person reads them, paths relative to the kit's directory. */
async function problems(kit: SittingKit): Promise<string[]> {
  const built = await kit.build()
  expect(built.text).toBeUndefined()
  return built.diagnostics.map((d) => formatDiagnostic(d).replaceAll(`${kit.dir}/`, ''))
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof Error) || error.name !== 'SittingError' || !('code' in error))
    throw new Error(`expected a SittingError, got ${String(error)}`)
  return { code: String(error.code), message: error.message }
}

describe('a sitting of several exams', () => {
  it("builds with each candidate's exam from the roster, and verify says who sits which", async () => {
    const kit = await twoExamKit()
    const built = await kit.build()
    expect(built.diagnostics).toEqual([])
    const sitting = await verifySitting(built.text ?? '', [kit.authority.publicKeyPem])
    const { payload } = sitting
    expect(payload.format).toBe('invigil-sitting/1')
    expect(payload.packages.map((pkg) => [pkg.exam_id, pkg.title])).toEqual([
      ['tiny', '小測驗'],
      ['tiny-b', 'Tiny exam B'],
    ])
    expect(payload.roster.map((c) => [c.candidate_id, c.exam_id])).toEqual([
      ['C-001', 'tiny'],
      ['C-002', 'tiny-b'],
      ['C-003', 'tiny-b'],
    ])
    const text = formatSittingSummary(summarizeSitting(sitting))
    expect(text).toContain('packages (2):')
    expect(text).toMatch(/^ {2}tiny: 小測驗, sha256 [0-9a-f]{64}, sat by 1 candidates$/m)
    expect(text).toMatch(/^ {2}tiny-b: Tiny exam B, sha256 [0-9a-f]{64}, sat by 2 candidates$/m)
    expect(text).toContain('  A-01  C-001  陳大文  exam tiny\n')
    expect(text).toContain('  A-03  C-002  Ann Lee  exam tiny-b  (+15 min)\n')
    expect(summarizeSitting(sitting).roster.candidates[2]).toMatchObject({ candidate_id: 'C-003', exam_id: 'tiny-b' })
  })

  it('locates an exam_id that names no package of the sitting at its roster line, with the closest one', async () => {
    const kit = await twoExamKit(TWO_EXAM_ROSTER.replace('C-003,Bo,B-01,tiny-b,', 'C-003,Bo,B-01,tiny-c,'))
    expect(await problems(kit)).toEqual([
      `roster.csv:4:1: error: candidate C-003 is given exam tiny-c, which is not one of the sitting's packages (exam_id)\n  hint: did you mean "tiny-b"? (the sitting's exams: tiny, tiny-b)`,
    ])
  })

  it('locates a missing exam_id when the sitting has two packages: per candidate, or the whole column', async () => {
    const one = await twoExamKit(TWO_EXAM_ROSTER.replace('C-002,Ann Lee,a-03,tiny-b,15', 'C-002,Ann Lee,a-03,,15'))
    expect(await problems(one)).toEqual([
      "roster.csv:3:1: error: candidate C-002 has no exam_id, and the sitting has 2 exams (exam_id)\n  hint: give the candidate's exam in the exam_id column, one of: tiny, tiny-b",
    ])
    const none = await twoExamKit('candidate_id,name,seat\nC-001,陳大文,A-01\nC-002,Ann Lee,A-03\n')
    expect(await problems(none)).toEqual([
      "sitting.yaml:9:9: error: the sitting has 2 exams (tiny, tiny-b) and its roster names no candidate's exam (roster)\n  hint: add an exam_id column to the roster CSV giving each candidate's exam, one of: tiny, tiny-b",
    ])
  })

  it('keeps a one-package sitting as it was: no exam_id written, every candidate sits the one exam', async () => {
    const kit = await sittingKit()
    const sitting = await verifySitting((await kit.build()).text ?? '', [kit.authority.publicKeyPem])
    expect(sitting.payload.roster.every((candidate) => !('exam_id' in candidate))).toBe(true)
    expect(sitting.payload.roster.map((candidate) => candidateExamId(sitting.payload, candidate))).toEqual([
      'tiny',
      'tiny',
      'tiny',
    ])
    const text = formatSittingSummary(summarizeSitting(sitting))
    expect(text).not.toContain('exam tiny')
    expect(text).not.toContain('sat by')
  })

  it('refuses a roster exam_id changed after signing (the signature breaks), and a re-signed one naming no package', async () => {
    const kit = await twoExamKit()
    const text = (await kit.build()).text ?? ''
    const [header, body, signature] = text.split('.')
    const json = Buffer.from(body ?? '', 'base64url').toString('utf8')
    // C-001 moved to the other exam: a valid roster, a real package; only the signature can tell.
    const moved = json.replace(/("candidate_id":"C-001","exam_id":)"tiny"/, '$1"tiny-b"')
    expect(moved).not.toBe(json)
    const altered = [header, Buffer.from(moved, 'utf8').toString('base64url'), signature].join('.')
    expect(await refusal(verifySitting(altered, [kit.authority.publicKeyPem]))).toMatchObject({
      code: 'SITTING_ALTERED',
    })

    // The authority's own key cannot make a roster that names an exam outside the sitting pass either.
    const payload = JSON.parse(json) as Parameters<typeof signSitting>[0]
    const first = payload.roster[0]
    if (first) first.exam_id = 'nowhere'
    const resigned = await signSitting(payload, kit.authority.privateKeyPem)
    const invalid = await refusal(verifySitting(resigned, [kit.authority.publicKeyPem]))
    expect(invalid.code).toBe('SITTING_INVALID')
    expect(invalid.message).toContain(
      "candidate C-001 is given exam nowhere, which is not one of the sitting's packages",
    )
  })
})
