import { environmentIncidentData } from '../environment/environmentIncident'
import type { BeginSessionInput } from '../runtime/stationRuntime'
import { ApiFailure } from './apiErrors'
import type { HandlerContext } from './handlerContext'

type Accommodations = NonNullable<BeginSessionInput['accommodations']>

/**
 * The one set of rules for starting a candidate, whoever asks: the proctor's start (proctor.startSession) and the
 * candidate's own check-in (session.checkIn) both come through admitCandidate. What differs is only what a proctor
 * may decide and a candidate may not: starting someone missing from the roster (their papers checked), changing the
 * roster's extra time, and starting although an environment check failed (with a reason in the record).
 */
export type AdmissionRequest =
  | { by: 'candidate'; candidateId: string; name: string }
  | {
      by: 'proctor'
      candidateId: string
      name?: string
      accommodations?: Accommodations
      allowUnlisted?: boolean
      override?: { reason: string }
    }

/**
 * Names compared the way a person reading the roster would: width, case, spaces and punctuation do not count
 * ("CHAN Tai-man" is "Chan Tai Man", "陳 大文" is "陳大文"); anything else is a different name.
 */
export const sameName = (a: string, b: string): boolean => comparable(a) === comparable(b)
const comparable = (name: string): string =>
  name
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[\s\p{P}]/gu, '')

/**
 * Who is admitted: the roster's identity, extra time and exam (a sitting of several exams gives each candidate
 * theirs) when there is a roster, else what was given.
 */
function candidateFor(ctx: HandlerContext, request: AdmissionRequest): BeginSessionInput {
  const roster = ctx.runtime.admin.roster
  const listed = roster.find(request.candidateId)
  const exam = listed?.examId === undefined ? {} : { examId: listed.examId }
  const hasRoster = (roster.get()?.entries.length ?? 0) > 0
  if (request.by === 'candidate') {
    if (listed) {
      // A candidate who types someone else's number must not sit under that person's name and extra time.
      if (!sameName(listed.name, request.name))
        throw new ApiFailure('ROSTER_NAME_MISMATCH', `the name does not match the roster for ${request.candidateId}`, {
          candidateId: request.candidateId,
        })
      return { candidateId: listed.candidateId, name: listed.name, accommodations: listed.accommodations, ...exam }
    }
    if (hasRoster) throw notOnRoster(request.candidateId)
    return { candidateId: request.candidateId, name: request.name, accommodations: {} }
  }
  const accommodations = (fallback: Accommodations | undefined) => request.accommodations ?? fallback ?? {}
  if (listed)
    return {
      candidateId: listed.candidateId,
      name: listed.name,
      accommodations: accommodations(listed.accommodations),
      ...exam,
    }
  if (hasRoster && request.allowUnlisted !== true) throw notOnRoster(request.candidateId)
  if (request.name === undefined)
    throw new ApiFailure('VALIDATION_FAILED', 'name: a candidate who is not on the roster needs a name')
  return { candidateId: request.candidateId, name: request.name, accommodations: accommodations(undefined) }
}

const notOnRoster = (candidateId: string): ApiFailure =>
  new ApiFailure('NOT_ON_ROSTER', `candidate ${candidateId} is not on this station's roster`, { candidateId })

/**
 * Checks the candidate against the roster, runs the environment checks (a failed one stops the start unless a
 * proctor overrides it with a reason), then checks the candidate in at the desk; the checks' results (and any
 * override) go into the new session's record as an environment_check incident. Returns the new session's id.
 */
export async function admitCandidate(ctx: HandlerContext, request: AdmissionRequest): Promise<string> {
  const candidate = candidateFor(ctx, request)
  const report = await ctx.options.checkEnvironment?.()
  const override = request.by === 'proctor' ? request.override : undefined
  if (report?.blocking && !override) {
    const message =
      request.by === 'proctor'
        ? 'an environment check failed; a proctor may start anyway with a reason'
        : 'an environment check failed; only a proctor can start this candidate'
    throw new ApiFailure('ENVIRONMENT_BLOCKED', message, { report })
  }
  const sessionId = ctx.desk.begin(candidate)
  if (report)
    ctx.runtime.sessions.logIncident(
      sessionId,
      'environment_check',
      environmentIncidentData(report, report.blocking ? override : undefined),
    )
  return sessionId
}
