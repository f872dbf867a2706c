import { describe, expectTypeOf, it } from 'vitest'
import type { CandidateExam as CoreCandidateExam, CandidateItem as CoreItem, CandidatePart as CorePart } from '../delivery/candidateView'
import type { ExamAnalysis } from '../results/analysis/analysisTypes'
import type { CandidateResponse as CoreResponse } from '../base/responseSchema'
import type { SessionState as CoreSessionState } from '../base/sessionState'
import type { ApiMethod, ApiOutput, ApiResult, CandidateExam, ExamReport, CandidateItem, CandidatePart, CandidateResponse, SessionState } from './contract'
import type { ApiHandlers } from './handlers'
import type { inputSchemas } from './inputSchemas'

// The contract is written by hand as plain types for the renderer; the core derives its types from zod schemas.
// These checks fail to compile (and so fail `npm run typecheck` and this test) the moment the two drift apart.
describe('the API contract and the core agree', () => {
  it('on the candidate view of an exam', () => {
    expectTypeOf<CoreCandidateExam>().toEqualTypeOf<CandidateExam>()
    expectTypeOf<CoreItem>().toEqualTypeOf<CandidateItem>()
    expectTypeOf<CorePart>().toEqualTypeOf<CandidatePart>()
  })

  it('on responses and session states', () => {
    expectTypeOf<CoreResponse>().toEqualTypeOf<CandidateResponse>()
    expectTypeOf<CoreSessionState>().toEqualTypeOf<SessionState>()
  })

  it('on the results report analysis the admin console shows', () => {
    expectTypeOf<ExamAnalysis>().toEqualTypeOf<ExamReport>()
  })

  it('on the methods: one handler and one input schema per contract method, nothing more', () => {
    expectTypeOf<keyof ApiHandlers>().toEqualTypeOf<ApiMethod>()
    expectTypeOf<keyof typeof inputSchemas>().toEqualTypeOf<ApiMethod>()
    expectTypeOf<Awaited<ReturnType<ApiHandlers['session.saveAnswer']>>>().toEqualTypeOf<ApiResult<ApiOutput<'session.saveAnswer'>>>()
  })
})
