// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest'
import { FakeStation } from '../testing/fakeStation'
import { setUpTestApp } from '../testing/testApp'
import { useAnnouncerStore } from './announcer'
import { useStruckOptionsStore } from './struckOptions'
import { useSessionStore } from './session'

let station: FakeStation

beforeEach(() => {
  station = new FakeStation()
  setUpTestApp(station)
})

describe('struck options store', () => {
  it('restores the struck-out options the core kept when the session is loaded (a reload or crash)', async () => {
    station.startRunning({ struckOptions: [{ unitId: 'multiple-1', letters: ['A', 'D'] }] })
    await useSessionStore().hydrate()
    const struckOptions = useStruckOptionsStore()
    expect(['A', 'B', 'C', 'D'].filter((letter) => struckOptions.isStruck('multiple-1', letter))).toEqual(['A', 'D'])
    expect(struckOptions.isStruck('single-1', 'A')).toBe(false)
  })

  it("sends the unit's whole struck set to the core on every toggle, so a reload finds exactly what is on screen", async () => {
    station.startRunning()
    await useSessionStore().hydrate()
    const struckOptions = useStruckOptionsStore()
    expect(await struckOptions.toggle('single-1', 'D')).toBeNull()
    expect(await struckOptions.toggle('single-1', 'A')).toBeNull()
    expect(await struckOptions.toggle('single-1', 'D')).toBeNull()
    expect(station.callsOf('session.setStruckOptions')).toEqual([
      { unitId: 'single-1', letters: ['D'] },
      { unitId: 'single-1', letters: ['A', 'D'] },
      { unitId: 'single-1', letters: ['A'] },
    ])

    await useSessionStore().hydrate()
    expect(struckOptions.isStruck('single-1', 'A')).toBe(true)
    expect(struckOptions.isStruck('single-1', 'D')).toBe(false)
  })

  it('puts a refused strike back, says so, and hands the error to the caller', async () => {
    station.startRunning()
    await useSessionStore().hydrate()
    const struckOptions = useStruckOptionsStore()
    station.failNext('session.setStruckOptions', 'NOT_RUNNING')
    expect(await struckOptions.toggle('single-1', 'B')).toMatchObject({ code: 'NOT_RUNNING' })
    expect(struckOptions.isStruck('single-1', 'B')).toBe(false)
    expect(useAnnouncerStore().assertive?.key).toBe('announce.strikeFailed')
  })

  it("forgets one candidate's struck options when the next session arrives", async () => {
    station.startRunning({ struckOptions: [{ unitId: 'single-1', letters: ['C'] }] })
    await useSessionStore().hydrate()
    station.startRunning({ sessionId: 'ses_next' })
    await useSessionStore().hydrate()
    expect(useStruckOptionsStore().isStruck('single-1', 'C')).toBe(false)
  })
})
