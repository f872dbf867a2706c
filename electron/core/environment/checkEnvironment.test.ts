import { describe, expect, it } from 'vitest'
import { checkEnvironment } from './checkEnvironment'
import { DEFAULT_ENVIRONMENT_POLICY } from './environmentPolicy'
import { fakeProbes, PS, TASKLIST, tasklist, WIN_SYSTEM } from './testing/fakeProbes'

const cleanWindows = (extra: string[] = [], env: Record<string, string> = { SESSIONNAME: 'Console' }) =>
  fakeProbes({
    platform: 'win32',
    env,
    commands: {
      [TASKLIST]: tasklist('System', 'explorer.exe', 'Invigil.exe', ...extra),
      [WIN_SYSTEM]: '{"Manufacturer":"Dell Inc.","Model":"OptiPlex 7090"}',
    },
  })

describe('checkEnvironment', () => {
  it('passes a clean station, in a fixed order, and blocks nothing', async () => {
    const report = await checkEnvironment(cleanWindows())
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['displays', 'pass'],
      ['virtual-machine', 'pass'],
      ['remote-session', 'pass'],
      ['prohibited-processes', 'pass'],
    ])
    expect(report.blocking).toBe(false)
  })

  it('blocks on any failed check, and every check explains itself', async () => {
    const report = await checkEnvironment(cleanWindows(['TeamViewer.exe'], { SESSIONNAME: 'RDP-Tcp#0' }))
    expect(report.blocking).toBe(true)
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual([
      'remote-session',
      'prohibited-processes',
    ])
    for (const check of report.checks) {
      expect(check.summary).not.toBe('')
      expect(check.details).not.toBe('')
    }
  })

  it('does not block on warnings alone', async () => {
    const probes = fakeProbes({
      platform: 'linux',
      env: { DISPLAY: ':0', SSH_CONNECTION: '1 2 3 4' },
      commands: { [PS]: 'systemd\n' },
    })
    const report = await checkEnvironment(probes)
    expect(report.checks.map((check) => check.status)).toEqual(['pass', 'warn', 'warn', 'pass'])
    expect(report.blocking).toBe(false)
  })

  it('skips what the center turned off, and lists no processes when nothing needs them', async () => {
    const probes = cleanWindows()
    const report = await checkEnvironment(probes, {
      ...DEFAULT_ENVIRONMENT_POLICY,
      virtualMachine: 'off',
      remoteSession: 'off',
      prohibitedProcesses: { status: 'off', rules: [] },
    })
    expect(report.checks.map((check) => check.id)).toEqual(['displays'])
    expect(probes.ran).toEqual([])
  })

  it('lists the processes once for both checks that read them', async () => {
    const probes = cleanWindows()
    await checkEnvironment(probes)
    expect(probes.ran.filter((line) => line === TASKLIST)).toHaveLength(1)
  })
})
