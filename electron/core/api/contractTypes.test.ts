import { describe, expectTypeOf, it } from 'vitest'
import type {
  CandidateExam as CoreCandidateExam,
  CandidateItem as CoreItem,
  CandidatePart as CorePart,
} from '../delivery/candidateView'
import type { CandidateResponse as CoreResponse } from '../base/responseSchema'
import type { SessionState as CoreSessionState } from '../base/sessionState'
import type { StoredAnswer } from '../db/answerStore'
import type { TrustedAuthority } from '../admin/trustedAuthorities'
import type { RosterRowError } from '../roster/rosterCsv'
import type { RosterEntry } from '../roster/rosterEntry'
import type { SittingErrorCode } from '../sitting/sittingError'
import type { Accommodations as CoreAccommodations } from '../session/sessionTimer'
import type {
  Extension as CoreExtension,
  IncidentType as CoreIncidentType,
  SubmitReason as CoreSubmitReason,
  TickResult,
} from '../session/sessionTypes'
import type {
  Accommodations,
  ApiErrorCode,
  ApiMethod,
  ApiOutput,
  ApiResult,
  CandidateExam,
  CandidateItem,
  CandidatePart,
  CandidateResponse,
  Extension,
  IncidentType,
  RosterCandidate,
  RosterRowErrorView,
  SavedAnswer,
  SessionState,
  SubmitReason,
  TickView,
  TimeView,
  TrustedAuthorityView,
} from './contract'
import type { ApiHandlers } from './handlers'
import type { inputSchemas } from './inputSchemas'

// The contract is written by hand as plain types for the renderer; the core derives its types from zod schemas.
// Where a core type file is DOM-safe the contract re-exports the core type itself (AnswerAck, StruckOptions,
// CandidateResponse); every copy it must keep instead is pinned here. These checks fail to compile (and so fail `npm run typecheck` and this test) the moment the two drift apart.
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

  it('on what the session service returns: saved answers and ticks of the clock', () => {
    expectTypeOf<StoredAnswer>().toEqualTypeOf<SavedAnswer>()
    expectTypeOf<TickResult>().toEqualTypeOf<TickView>()
    expectTypeOf<Omit<TickResult, 'newWarnings' | 'timeUp'>>().toEqualTypeOf<TimeView>()
  })

  it('on accommodations, extensions, incidents and roster lines', () => {
    expectTypeOf<CoreAccommodations>().toEqualTypeOf<Accommodations>()
    expectTypeOf<CoreExtension>().toEqualTypeOf<Extension>()
    expectTypeOf<CoreIncidentType>().toEqualTypeOf<IncidentType>()
    expectTypeOf<CoreSubmitReason>().toEqualTypeOf<SubmitReason>()
    expectTypeOf<RosterEntry>().toEqualTypeOf<RosterCandidate>()
  })

  it('on trusted authorities and roster row errors (whose code the contract widens to a string)', () => {
    expectTypeOf<TrustedAuthority>().toEqualTypeOf<TrustedAuthorityView>()
    expectTypeOf<RosterRowError>().toExtend<RosterRowErrorView>()
    expectTypeOf<keyof RosterRowError>().toEqualTypeOf<keyof RosterRowErrorView>()
  })

  it('on the refusals of a sitting file: every one is a code the renderer translates', () => {
    expectTypeOf<SittingErrorCode>().toExtend<ApiErrorCode>()
  })

  it('on the methods: one handler and one input schema per contract method, nothing more', () => {
    expectTypeOf<keyof ApiHandlers>().toEqualTypeOf<ApiMethod>()
    expectTypeOf<keyof typeof inputSchemas>().toEqualTypeOf<ApiMethod>()
    expectTypeOf<Awaited<ReturnType<ApiHandlers['session.saveAnswer']>>>().toEqualTypeOf<
      ApiResult<ApiOutput<'session.saveAnswer'>>
    >()
  })
})
