import { describe, expect, it } from 'vitest'
import { SessionError } from './sessionErrors'
import { nextState, SESSION_ACTIONS, SESSION_STATES, type SessionAction, type SessionState } from './sessionState'

// The whole machine, written out independently of the implementation's table.
const LEGAL: Record<string, SessionState> = {
  'created/check_in': 'checked_in',
  'checked_in/start': 'running',
  'running/pause': 'paused',
  'running/submit': 'submitted',
  'running/interrupt': 'interrupted',
  'paused/resume': 'running',
  'paused/submit': 'submitted',
  'paused/interrupt': 'interrupted',
  'submitted/export': 'exported',
  'interrupted/recover': 'recovered',
  'recovered/start': 'running',
  'recovered/interrupt': 'interrupted',
  // A seat moved to a spare PC: the spare adopts the session as recovered, whatever state the old PC left it in.
  'checked_in/move': 'recovered',
  'running/move': 'recovered',
  'paused/move': 'recovered',
  'interrupted/move': 'recovered',
  'recovered/move': 'recovered',
}

function attempt(from: SessionState, action: SessionAction): SessionState | SessionError {
  try {
    return nextState(from, action)
  } catch (error) {
    if (error instanceof SessionError) return error
    throw error
  }
}

describe('session state machine', () => {
  it.each(SESSION_STATES.flatMap((from) => SESSION_ACTIONS.map((action) => [from, action] as const)))(
    '%s + %s',
    (from, action) => {
      const expected = LEGAL[`${from}/${action}`]
      const outcome = attempt(from, action)
      if (expected) {
        expect(outcome).toBe(expected)
      } else {
        expect(outcome).toBeInstanceOf(SessionError)
        const error = outcome as SessionError
        expect(error.code).toBe('ILLEGAL_TRANSITION')
        expect(error.message).toContain(`${from} ->`)
        expect(error.details).toMatchObject({ from, action })
      }
    },
  )

  it('exported is final and created is only left by check-in', () => {
    expect(SESSION_ACTIONS.filter((a) => !(attempt('exported', a) instanceof SessionError))).toEqual([])
    expect(SESSION_ACTIONS.filter((a) => !(attempt('created', a) instanceof SessionError))).toEqual(['check_in'])
  })
})
