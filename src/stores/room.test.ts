import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { injectRoomFetch } from '../api/roomClient'
import { ROOM_POLL_MS, useRoomStore } from './room'

// The console store against a scripted room: sign-in errors by code, polling every 2 s that stops at sign-out.
const calls: string[] = []
let answers: Record<string, unknown> = {}

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  calls.length = 0
  answers = {
    'room.login': { ok: true, value: { token: 't', staffId: 'P01', name: 'Ms Chan', role: 'proctor', idleMs: 1 } },
    'room.status': { ok: true, value: { seats: [], commands: [], pending: [], incidents: [] } },
    'room.logout': { ok: true, value: { loggedOut: true } },
  }
  injectRoomFetch((url) => {
    const method = url.split('/').pop() ?? ''
    calls.push(method)
    return Promise.resolve({ status: 200, json: () => Promise.resolve(answers[method]) })
  })
})

afterEach(() => {
  injectRoomFetch(undefined)
  vi.useRealTimers()
})

describe('the room store', () => {
  it('keeps a refused sign-in by code, with the lockout time', async () => {
    answers['room.login'] = {
      ok: false,
      error: { code: 'PIN_LOCKED', message: 'locked', details: { retryAfterMs: 30_000 } },
    }
    const room = useRoomStore()
    expect(await room.login('P01', '000000')).toBe(false)
    expect(room.error).toEqual({ code: 'PIN_LOCKED', retryAfterMs: 30_000 })
    expect(room.signedIn).toBe(false)
  })

  it('polls the status every 2 s while signed in, one call at a time, and stops at sign-out', async () => {
    const room = useRoomStore()
    expect(await room.login('P01', '24681357')).toBe(true)
    expect(calls).toEqual(['room.login', 'room.status'])
    await vi.advanceTimersByTimeAsync(ROOM_POLL_MS * 3)
    expect(calls.filter((c) => c === 'room.status')).toHaveLength(4)
    await room.logout()
    await vi.advanceTimersByTimeAsync(ROOM_POLL_MS * 3)
    expect(calls.at(-1)).toBe('room.logout')
    expect(calls.filter((c) => c === 'room.status')).toHaveLength(4)
  })

  it('signs out when the room says the token lapsed', async () => {
    const room = useRoomStore()
    await room.login('P01', '24681357')
    answers['room.status'] = { ok: false, error: { code: 'AUTH_REQUIRED', message: 'sign in' } }
    await vi.advanceTimersByTimeAsync(ROOM_POLL_MS)
    expect(room.signedIn).toBe(false)
    expect(room.error?.code).toBe('AUTH_REQUIRED')
  })
})
