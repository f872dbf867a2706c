import type { SessionState } from '@contract'

/** Which screen the candidate sees, decided from store state alone so a reload lands on the same one. */
export type Screen =
  'loading' | 'home' | 'checkIn' | 'instructions' | 'exam' | 'review' | 'paused' | 'submitted' | 'interrupted'

export interface ScreenInputs {
  /** The station and the session have both answered at least once. */
  loaded: boolean
  state: SessionState | null
  /** The candidate pressed "Check in" on the home screen. */
  checkingIn: boolean
  reviewing: boolean
}

export function screenFor({ loaded, state, checkingIn, reviewing }: ScreenInputs): Screen {
  if (!loaded) return 'loading'
  switch (state) {
    case null:
      return checkingIn ? 'checkIn' : 'home'
    case 'created':
      return 'checkIn'
    case 'checked_in':
    case 'recovered':
      return 'instructions'
    case 'running':
      return reviewing ? 'review' : 'exam'
    case 'paused':
      return 'paused'
    case 'submitted':
    case 'exported':
      return 'submitted'
    case 'interrupted':
      return 'interrupted'
  }
}
