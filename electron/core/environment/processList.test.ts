import { describe, expect, it } from 'vitest'
import { listProcesses, matchesProcessName } from './processList'
import { fakeProbes, PS, TASKLIST, tasklist } from './testing/fakeProbes'

describe('listProcesses', () => {
  it('reads image names from tasklist CSV on Windows (commas inside quotes included)', async () => {
    const probes = fakeProbes({
      platform: 'win32',
      commands: {
        [TASKLIST]: `${tasklist('System Idle Process', 'TeamViewer.exe', 'explorer.exe', 'explorer.exe')}\r\n`,
      },
    })
    expect(await listProcesses(probes)).toEqual({
      ok: true,
      names: ['System Idle Process', 'TeamViewer.exe', 'explorer.exe'],
    })
  })

  it('takes the executable name from the full path ps prints on macOS, spaces included', async () => {
    const stdout =
      '/sbin/launchd\n/Applications/Google Chrome.app/Contents/MacOS/Google Chrome\n/Applications/Discord.app/Contents/MacOS/Discord\n'
    expect(await listProcesses(fakeProbes({ platform: 'darwin', commands: { [PS]: stdout } }))).toEqual({
      ok: true,
      names: ['launchd', 'Google Chrome', 'Discord'],
    })
  })

  it('keeps Linux names whole (kernel threads have slashes in their names)', async () => {
    const stdout = 'systemd\nkworker/0:0H-kblockd\n  obs  \n\nteamviewerd\n'
    expect(await listProcesses(fakeProbes({ platform: 'linux', commands: { [PS]: stdout } }))).toEqual({
      ok: true,
      names: ['systemd', 'kworker/0:0H-kblockd', 'obs', 'teamviewerd'],
    })
  })

  it('passes on why the list could not be read', async () => {
    expect(await listProcesses(fakeProbes({ platform: 'linux' }))).toEqual({ ok: false, error: 'ps: not found' })
  })
})

describe('matchesProcessName', () => {
  it.each([
    // [process, rule, platform, matches]
    ['obs', 'obs', 'linux', true],
    ['jobsd', 'obs', 'linux', false],
    ['obsidian', 'obs', 'linux', false],
    ['Obsidian.exe', 'obs', 'win32', false],
    ['obs64.exe', 'obs64', 'win32', true],
    ['OBS', 'obs', 'darwin', true],
    ['TeamViewer.exe', 'TeamViewer', 'win32', true],
    ['teamviewer.EXE', 'TeamViewer.exe', 'win32', true],
    ['TeamViewer_Service.exe', 'TeamViewer', 'win32', false],
    ['ChatGPTHelper', 'ChatGPT', 'darwin', false],
    ['Slack Helper (Renderer)', 'Slack', 'darwin', false],
    ['Slack', 'Slack', 'darwin', true],
    ['zoom', 'Zoom', 'linux', true],
    ['zoom.us', 'Zoom', 'darwin', false],
    ['zoom.us', 'zoom.us', 'darwin', true],
    // Linux cuts names at 15 characters; a cut name matches the longer rule it begins.
    ['TeamViewer_Desk', 'TeamViewer_Desktop', 'linux', true],
    ['TeamViewer_Desk', 'TeamViewer_Desktop', 'win32', false],
    ['TeamViewer_Des', 'TeamViewer_Desktop', 'linux', false],
    ['chrome-remote-d', 'chrome-remote-desktop-host', 'linux', true],
    // Globs only where the rule writes them.
    ['DiscordCanary.exe', 'Discord*', 'win32', true],
    ['Discord.exe', 'Discord*', 'win32', true],
    ['MyDiscord.exe', 'Discord*', 'win32', false],
    ['obs32', 'obs??', 'linux', true],
    ['obs', 'obs??', 'linux', false],
    ['a+b', 'a+b', 'linux', true],
    ['aab', 'a+b', 'linux', false],
    ['x.y', 'x.y', 'linux', true],
    ['xzy', 'x.y', 'linux', false],
  ] as const)('%s against rule %s on %s → %s', (name, rule, platform, expected) => {
    expect(matchesProcessName(name, rule, platform)).toBe(expected)
  })
})
