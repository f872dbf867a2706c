import { describe, expect, it } from 'vitest'
import { DEFAULT_ENVIRONMENT_POLICY } from './environmentPolicy'
import { checkProhibitedProcesses } from './prohibitedProcessCheck'

const DEFAULTS = DEFAULT_ENVIRONMENT_POLICY.prohibitedProcesses
const run = (platform: string, names: string[], policy = DEFAULTS) =>
  checkProhibitedProcesses({ ok: true, names }, policy, platform)

describe('checkProhibitedProcesses', () => {
  it('passes a clean station and says how much it checked', () => {
    expect(run('linux', ['systemd', 'Xorg', 'invigil'])).toMatchObject({
      id: 'prohibited-processes',
      status: 'pass',
      details: `3 processes checked against ${String(DEFAULTS.rules.length)} rules.`,
      evidence: [],
    })
  })

  it.each([
    ['win32', 'TeamViewer.exe', 'process "TeamViewer.exe" matches "TeamViewer" (TeamViewer (remote control))'],
    ['win32', 'AnyDesk.exe', 'process "AnyDesk.exe" matches "AnyDesk" (AnyDesk (remote control))'],
    ['win32', 'obs64.exe', 'process "obs64.exe" matches "obs64" (OBS Studio (screen recording))'],
    ['linux', 'obs', 'process "obs" matches "obs" (OBS Studio (screen recording))'],
    ['linux', 'teamviewerd', 'process "teamviewerd" matches "teamviewerd" (TeamViewer (remote control))'],
    ['darwin', 'Discord', 'process "Discord" matches "Discord" (Discord (chat and screen sharing))'],
    ['darwin', 'ChatGPT', 'process "ChatGPT" matches "ChatGPT" (ChatGPT desktop (AI assistant))'],
    ['darwin', 'zoom.us', 'process "zoom.us" matches "zoom.us" (Zoom (screen sharing))'],
    ['win32', 'ms-teams.exe', 'process "ms-teams.exe" matches "ms-teams" (Microsoft Teams (screen sharing))'],
  ] as const)('fails on %s %s and names the process and the rule', (platform, name, line) => {
    const check = run(platform, ['explorer.exe', name])
    expect(check.status).toBe('fail')
    expect(check.evidence).toEqual([line])
  })

  it.each([
    ['linux', 'jobsd'],
    ['linux', 'obsidian'],
    ['win32', 'Obsidian.exe'],
    ['darwin', 'Slack Helper (Renderer)'],
    ['darwin', 'ChatGPTHelper'],
    ['win32', 'Zoomit64.exe'],
    ['linux', 'discord-rpc-bridge'],
    ['win32', 'TeamsMeetingAddin.dll'],
  ] as const)('does not take %s %s for a prohibited program (no substring matches)', (platform, name) => {
    expect(run(platform, [name]).status).toBe('pass')
  })

  it('lists every program found, once per rule label in the summary', () => {
    const check = run('win32', ['TeamViewer.exe', 'TeamViewer_Service.exe', 'Discord.exe'])
    expect(check.summary).toBe(
      'Prohibited program(s) running: TeamViewer (remote control), Discord (chat and screen sharing).',
    )
    expect(check.evidence).toHaveLength(3)
  })

  it('warns instead of failing when the center says so, and uses the center’s own rules', () => {
    const policy = {
      status: 'warn' as const,
      rules: [{ label: 'Calculator', names: ['gnome-calculator', 'CalculatorApp'] }],
    }
    expect(run('linux', ['gnome-calculator'], policy)).toMatchObject({
      status: 'warn',
      evidence: ['process "gnome-calculator" matches "gnome-calculator" (Calculator)'],
    })
    expect(run('linux', ['obs'], policy).status).toBe('pass')
  })

  it('warns that it could not check when the process list is unavailable', () => {
    expect(checkProhibitedProcesses({ ok: false, error: 'tasklist: timed out' }, DEFAULTS, 'win32')).toMatchObject({
      status: 'warn',
      summary: 'Could not list the running programs.',
      evidence: ['tasklist: timed out'],
    })
  })
})
