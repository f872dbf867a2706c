// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeStation } from '../testing/fakeStation'
import { settle, setUpTestApp } from '../testing/testApp'
import { useAnnouncerStore } from './announcer'
import { POSITION_DELAY_MS, useSessionStore } from './session'

let station: FakeStation

beforeEach(async () => {
  station = new FakeStation()
  station.startRunning()
  setUpTestApp(station)
  await useSessionStore().hydrate()
})

describe('session store: answers', () => {
  it('shows an answer at once but reports "saved" only after the core acknowledged it', async () => {
    const session = useSessionStore()
    station.holdSaves = true
    session.answer('single-1', 'C')
    await settle()
    expect(session.answerOf('single-1')).toBe('C')
    expect(session.saveStatusOf('single-1')).toBe('saving')
    expect(session.itemProgress('single-1')).toBe('answered')

    station.releaseSaves()
    await session.settled()
    expect(session.saveStatusOf('single-1')).toBe('saved')
    expect(station.callsOf('session.saveAnswer')).toEqual([{ unitId: 'single-1', response: 'C' }])
  })

  it('keeps a refused answer, marks it failed, tells the candidate to call the proctor, and retries on request', async () => {
    const session = useSessionStore()
    const announcer = useAnnouncerStore()
    station.failNext('session.saveAnswer', 'STORAGE_FAILED')
    session.answer('tf-1', true)
    await session.settled()

    expect(session.answerOf('tf-1')).toBe(true)
    expect(session.saveStatusOf('tf-1')).toBe('failed')
    expect(session.failedCount).toBe(1)
    expect(session.itemSaveStatus('tf-1')).toBe('failed')
    expect(announcer.assertive?.key).toBe('announce.saveFailed')

    session.retryFailed()
    await session.settled()
    expect(session.saveStatusOf('tf-1')).toBe('saved')
    expect(session.failedCount).toBe(0)
    expect(station.callsOf('session.saveAnswer')).toEqual([
      { unitId: 'tf-1', response: true },
      { unitId: 'tf-1', response: true },
    ])
  })

  it('sends changes made during a slow save after it, newest last, and is "saved" only when the newest is', async () => {
    const session = useSessionStore()
    station.holdSaves = true
    session.answer('multiple-1', ['B'])
    session.answer('multiple-1', ['B', 'C'])
    session.answer('multiple-1', ['A', 'B', 'C'])
    await settle()
    station.releaseSaves()
    await settle()
    expect(session.saveStatusOf('multiple-1')).toBe('saving')
    station.releaseSaves()
    await session.settled()

    expect(station.callsOf('session.saveAnswer')).toEqual([
      { unitId: 'multiple-1', response: ['B'] },
      { unitId: 'multiple-1', response: ['A', 'B', 'C'] },
    ])
    expect(session.saveStatusOf('multiple-1')).toBe('saved')
    expect(session.answerOf('multiple-1')).toEqual(['A', 'B', 'C'])
  })

  it('a failed save followed by a newer change retries with the newer answer', async () => {
    const session = useSessionStore()
    station.failNext('session.saveAnswer', 'TRANSPORT_FAILED')
    session.answer('single-1', 'A')
    await session.settled()
    session.answer('single-1', 'D')
    await session.settled()
    expect(session.saveStatusOf('single-1')).toBe('saved')
    expect(station.session?.answers.map((answer) => answer.response)).toEqual(['D'])
  })
})

describe('session store: restoring after a reload', () => {
  it('restores answers, flags and position (a part id lands on its scenario) from the core', async () => {
    station.startRunning({
      answers: [
        { unitId: 'single-1', response: 'D', revision: 3, savedAt: '2026-05-01T09:00:00.000Z' },
        { unitId: 'scenario-1-a', response: 'B', revision: 4, savedAt: '2026-05-01T09:01:00.000Z' },
      ],
      flags: ['tf-1'],
      position: 'scenario-1-b',
    })
    setUpTestApp(station)
    const session = useSessionStore()
    await session.hydrate()

    expect(session.state).toBe('running')
    expect(session.answerOf('single-1')).toBe('D')
    expect(session.saveStatusOf('single-1')).toBe('saved')
    expect(session.itemProgress('scenario-1')).toBe('partial')
    expect(session.isFlagged('tf-1')).toBe(true)
    expect(session.currentItem?.item.id).toBe('scenario-1')
    expect(session.isCurrent('scenario-1')).toBe(true)
  })

  it('does not let a re-read of the core overwrite an answer the core has not accepted', async () => {
    const session = useSessionStore()
    station.failNext('session.saveAnswer')
    session.answer('single-1', 'B')
    await session.settled()
    await session.hydrate()
    expect(session.answerOf('single-1')).toBe('B')
    expect(session.saveStatusOf('single-1')).toBe('failed')
  })

  it('persists navigation in the core (once the candidate settles) so a reload comes back to the same question', async () => {
    vi.useFakeTimers()
    const session = useSessionStore()
    session.goTo('multiple-1')
    session.goTo('tf-1')
    await vi.advanceTimersByTimeAsync(POSITION_DELAY_MS)
    vi.useRealTimers()
    expect(station.callsOf('session.navigate')).toEqual([{ unitId: 'tf-1' }])
    expect(station.session?.position).toBe('tf-1')
    expect(session.isCurrent('tf-1')).toBe(true)
    expect(session.isCurrent('single-1')).toBe(false)
    expect(session.step(1)).toBe(true)
    expect(session.currentItem?.item.id).toBe('short-1')
  })
})

describe('session store: flags and submit', () => {
  it('rolls a flag back and says so when the core refuses it', async () => {
    const session = useSessionStore()
    station.failNext('session.setFlag', 'STORAGE_FAILED')
    expect(await session.toggleFlag('single-1')).toBe(false)
    expect(session.isFlagged('single-1')).toBe(false)
    expect(useAnnouncerStore().assertive?.key).toBe('announce.flagFailed')
    expect(await session.toggleFlag('single-1')).toBe(true)
    expect(session.isFlagged('single-1')).toBe(true)
  })

  it('waits for answers on their way before it submits', async () => {
    const session = useSessionStore()
    station.holdSaves = true
    session.answer('single-1', 'A')
    const submitting = session.submit()
    await settle()
    expect(station.callsOf('session.submit')).toHaveLength(0)
    station.releaseSaves()
    expect(await submitting).toBeNull()
    expect(station.calls.map((call) => call.method).slice(-2)).toEqual(['session.saveAnswer', 'session.submit'])
    expect(session.state).toBe('submitted')
  })

  it('learns the real state when the core says time is up', async () => {
    const session = useSessionStore()
    station.failNext('session.saveAnswer', 'TIME_UP')
    if (station.session) station.session.state = 'submitted'
    session.answer('single-1', 'A')
    await session.settled()
    await settle()
    expect(session.state).toBe('submitted')
  })
})

describe('session store: a free station asking the core', () => {
  it('a poll answered "no session" after a check-in overtook it does not undo the check-in', async () => {
    station.session = null
    const session = useSessionStore()
    await session.hydrate()
    station.holdCurrent = true
    const poll = session.hydrate()
    await session.checkIn('C-042', '林小美')
    expect(session.state).toBe('checked_in')
    station.releaseCurrent()
    await poll
    expect([session.sessionId, session.state]).toEqual(['ses_test', 'checked_in'])
  })

  it('picks up a session moved here, with the move for the rules screen, and forgets the move once continued', async () => {
    station.session = null
    const session = useSessionStore()
    await session.hydrate()
    const movedHere = { seat: 'A-01', movedAt: '2026-05-01T09:40:00.000Z', kept: { answered: 1, total: 3 } }
    const moved = station.startRunning({ state: 'recovered', movedHere })
    await session.hydrate()
    expect([session.state, session.movedHere]).toEqual(['recovered', movedHere])
    moved.movedHere = null
    await session.acknowledgeRules()
    expect([session.state, session.movedHere]).toEqual(['running', null])
  })
})
