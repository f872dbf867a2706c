import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../base/canonicalJson'
import { incidentDataSchema } from '../session/sessionInputs'
import { environmentIncidentData, environmentOutcomeOf } from './environmentIncident'
import { checkWords } from './environmentMessages'
import type { EnvironmentReport } from './environmentTypes'

const report: EnvironmentReport = {
  blocking: true,
  checks: [
    {
      id: 'displays',
      status: 'pass',
      ...checkWords('displaysOne', 'displaysNoExtra'),
      evidence: ['display 1: 1920×1080'],
    },
    {
      id: 'remote-session',
      status: 'fail',
      ...checkWords('remoteSession', 'remoteSessionDetails'),
      evidence: ['SESSIONNAME=RDP-Tcp#0 (a Remote Desktop / Citrix session)'],
    },
  ],
}

describe('environmentIncidentData', () => {
  it('records the results, with the evidence of what did not pass', () => {
    expect(environmentIncidentData(report)).toEqual({
      event: 'checked',
      summary: 'Failed: remote-session.',
      blocking: true,
      checks: [
        { id: 'displays', status: 'pass', summary: 'One display is attached.' },
        {
          id: 'remote-session',
          status: 'fail',
          summary: 'The app is running in a remote session.',
          evidence: ['SESSIONNAME=RDP-Tcp#0 (a Remote Desktop / Citrix session)'],
        },
      ],
    })
  })

  it('records a proctor override with its reason', () => {
    expect(
      environmentIncidentData(report, { reason: '  RDP is how this accessible station is operated  ' }),
    ).toMatchObject({
      event: 'override',
      summary: 'A proctor overrode failed check(s) remote-session.',
      reason: 'RDP is how this accessible station is operated',
      failed: ['remote-session'],
    })
  })

  it.each(['', '   '])('refuses an override without a reason (%j)', (reason) => {
    expect(() => environmentIncidentData(report, { reason })).toThrow(
      expect.objectContaining({ code: 'OVERRIDE_REASON_REQUIRED' }),
    )
  })

  it('stays within the session log’s incident limit however much was found', () => {
    const huge: EnvironmentReport = {
      blocking: true,
      checks: [
        {
          id: 'prohibited-processes',
          status: 'fail',
          ...checkWords('processesFound', 'processesFoundDetails'),
          summary: 'x'.repeat(1000),
          details: '',
          evidence: Array.from({ length: 500 }, (_, i) => `process "p${String(i)}${'y'.repeat(300)}"`),
        },
      ],
    }
    for (const data of [environmentIncidentData(huge), environmentIncidentData(huge, { reason: 'r'.repeat(5000) })]) {
      expect(incidentDataSchema.safeParse(data).success).toBe(true)
      expect(canonicalJson(data).length).toBeLessThanOrEqual(4096)
    }
  })
})

describe('environmentOutcomeOf', () => {
  it('reads back the outcome staff screens word in their language: the failed checks by id, an override with its reason', () => {
    expect(environmentOutcomeOf(environmentIncidentData(report))).toEqual({
      outcome: 'failed',
      failed: ['remote-session'],
    })
    expect(environmentOutcomeOf(environmentIncidentData({ ...report, blocking: false }))).toMatchObject({
      outcome: 'passed',
    })
    expect(environmentOutcomeOf(environmentIncidentData(report, { reason: 'Checked by the IT desk' }))).toEqual({
      outcome: 'overridden',
      failed: ['remote-session'],
      reason: 'Checked by the IT desk',
    })
    expect(environmentOutcomeOf({ event: 'key-blocked' })).toBeUndefined()
  })
})
