import { describe, expect, it } from 'vitest'
import { checkDisplays } from './displayCheck'

const laptop = { id: 1, width: 1920, height: 1080, internal: true }
const monitor = { id: 2, width: 2560, height: 1440, label: 'DELL U2719D' }

describe('checkDisplays', () => {
  it('passes one display and says which', () => {
    expect(checkDisplays([laptop], { max: 1, status: 'warn' })).toEqual({
      id: 'displays',
      status: 'pass',
      summary: 'One display is attached.',
      details: 'No extra screen is connected.',
      messages: {
        summary: { key: 'displaysOne', params: { count: 1, max: 1 } },
        details: { key: 'displaysNoExtra', params: { count: 1, max: 1 } },
      },
      evidence: ['display 1: 1920×1080 (built-in)'],
    })
  })

  it('warns about a second display and explains how to disconnect or mirror it', () => {
    const check = checkDisplays([laptop, monitor], { max: 1, status: 'warn' })
    expect(check).toMatchObject({ status: 'warn', summary: '2 displays are attached; this station allows 1.' })
    // The screen gets the same as a key and its values, to say in the proctor's language.
    expect(check.messages.summary).toEqual({ key: 'displaysTooMany', params: { count: 2, max: 1 } })
    expect(check.details).toMatch(/Disconnect it, or mirror it/)
    expect(check.details).toMatch(/Win\+P › Duplicate/)
    expect(check.evidence).toEqual(['display 1: 1920×1080 (built-in)', 'display 2: 2560×1440 "DELL U2719D"'])
  })

  it('fails instead when the center says so', () => {
    expect(checkDisplays([laptop, monitor], { max: 1, status: 'fail' }).status).toBe('fail')
  })

  it('passes two displays where the center allows two', () => {
    expect(checkDisplays([laptop, monitor], { max: 2, status: 'fail' })).toMatchObject({
      status: 'pass',
      summary: '2 displays are attached (allowed: 2).',
    })
  })

  it('warns, without guessing, when the OS reports none', () => {
    expect(checkDisplays([], { max: 1, status: 'fail' })).toMatchObject({
      status: 'warn',
      summary: 'The OS reported no display.',
    })
  })
})
