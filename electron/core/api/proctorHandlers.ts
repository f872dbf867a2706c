import type { EnvironmentReport } from '../environment/environmentTypes'
import { ApiFailure } from './apiErrors'
import { FINISHED_STATES } from './candidateDesk'
import type { ProctorStatus, StaffSession } from './contract'
import type { HandlerContext, Implementations, ProctorMethod } from './handlerContext'
import { incidentsOf, proctorStatusOf } from './proctorViews'
import { startHeld } from './roomNoticesView'
import { admitCandidate } from './sessionAdmission'
import type { ProctorProof } from '../session/proctorProof'

/** What proctor.checkEnvironment says on a station that was given no checks. */
const NOT_CHECKED: EnvironmentReport = { checks: [], blocking: false }

/**
 * The proctor panel's methods. Login checks the PIN (with the station-wide lockout) and opens a staff session;
 * every other method needs its token. They act on the desk's session, as the candidate's methods do.
 */
export function proctorImplementations(ctx: HandlerContext): Implementations<ProctorMethod> {
  const { runtime, desk, auth } = ctx
  const sessions = runtime.sessions
  const status = (): ProctorStatus => proctorStatusOf(runtime, desk, ctx.storage.failure, startHeld(ctx))

  /** What the token's session was opened with: pause, resume, extend and recover pass the core's PIN gate with it. */
  const pinOf = (token: string): ProctorProof => {
    const { proctorPin = '', staffId } = auth.require(token, 'proctor')
    return staffId === undefined ? proctorPin : { staffId, pin: proctorPin }
  }

  return {
    'proctor.login': async ({ pin, staffId: typed }): Promise<StaffSession> => {
      const { sitting } = runtime.admin
      const staffId = typed === undefined ? undefined : (sitting.proctorId(typed) ?? typed)
      const proof = staffId === undefined ? pin : { staffId, pin }
      await runtime.admin.credentials.checkProctorPin(proof, (id) => sitting.proctorVerifier(id))
      const grant = { role: 'proctor' as const, proctorPin: pin, ...(staffId === undefined ? {} : { staffId }) }
      return { token: auth.issue(grant), role: 'proctor', idleTimeoutMs: auth.idleMs }
    },

    'proctor.logout': ({ token }) => {
      auth.revoke(token)
      return { loggedOut: true }
    },

    'proctor.status': ({ token }) => {
      auth.require(token, 'proctor')
      return status()
    },

    'proctor.findCandidates': ({ token, query }) => {
      auth.require(token, 'proctor')
      return runtime.admin.roster.search(query, 10)
    },

    'proctor.checkEnvironment': async ({ token }) => {
      auth.require(token, 'proctor')
      return (await ctx.options.checkEnvironment?.()) ?? NOT_CHECKED
    },

    // The same rules as the candidate's own check-in (sessionAdmission), plus what only a proctor may decide.
    'proctor.startSession': async ({ token, ...start }) => {
      auth.require(token, 'proctor')
      await admitCandidate(ctx, { by: 'proctor', ...start })
      return status()
    },

    'proctor.pause': async ({ token }) => {
      const pin = pinOf(token)
      await sessions.pause(desk.requireActive(), pin)
      return status()
    },

    'proctor.resume': async ({ token }) => {
      const pin = pinOf(token)
      await sessions.resume(desk.requireActive(), pin)
      return status()
    },

    'proctor.extend': async ({ token, minutes, reason }) => {
      const pin = pinOf(token)
      await sessions.extend(desk.requireActive(), pin, minutes, reason)
      return status()
    },

    // Ends the sitting now: the session is submitted with reason "proctor" and the proctor's note in its record. A
    // session the candidate has not started yet (a no-show, the wrong person) is started and submitted at once, so
    // it too ends with a record; an interrupted one must be recovered first.
    'proctor.endSession': ({ token, reason }) => {
      auth.require(token, 'proctor')
      const sessionId = desk.requireActive()
      const { state } = sessions.snapshot(sessionId)
      if (FINISHED_STATES.includes(state))
        throw new ApiFailure('ILLEGAL_TRANSITION', `the session is already ${state}`, { state })
      if (state === 'checked_in' || state === 'recovered') sessions.start(sessionId)
      sessions.submit(sessionId, 'proctor', reason)
      return status()
    },

    'proctor.releaseStart': async ({ token, reason }) => {
      const pin = pinOf(token)
      const sessionId = desk.requireActive()
      if (!startHeld(ctx)) throw new ApiFailure('ILLEGAL_TRANSITION', 'this candidate is not waiting for the start')
      await sessions.releaseStartHere(sessionId, pin, reason)
      return status()
    },

    'proctor.unlockExit': ({ token }) => {
      auth.require(token, 'proctor')
      const unlock = desk.unlockExit(ctx.nowIso())
      ctx.options.onExitUnlocked?.(unlock)
      return { exitUnlockedAt: unlock.at, sessionId: unlock.sessionId }
    },

    // The recovered session becomes the desk's; the candidate continues it by acknowledging the rules again.
    'proctor.recover': async ({ token, sessionId }) => {
      const pin = pinOf(token)
      const current = desk.activeSessionId()
      if (current !== null && current !== sessionId) {
        const { state } = sessions.snapshot(current)
        if (!FINISHED_STATES.includes(state) && state !== 'interrupted') {
          throw new ApiFailure('ILLEGAL_TRANSITION', `another candidate's session is ${state} at this station`, {
            state,
          })
        }
      }
      await sessions.recover(sessionId, pin)
      desk.adopt(sessionId)
      return status()
    },

    'proctor.incidents': ({ token, since }) => {
      auth.require(token, 'proctor')
      return incidentsOf(runtime, desk, since)
    },
  }
}
