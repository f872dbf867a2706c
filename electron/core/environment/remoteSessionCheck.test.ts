import { describe, expect, it } from 'vitest'
import type { ProcessList } from './environmentTypes'
import { checkRemoteSession } from './remoteSessionCheck'
import { fakeProbes } from './testing/fakeProbes'

const NONE: ProcessList = { ok: true, names: ['systemd', 'Xorg', 'jobsd'] }
const check = (
  platform: string,
  env: Record<string, string>,
  processes: ProcessList = NONE,
  verdict: 'fail' | 'warn' = 'fail',
) => checkRemoteSession(fakeProbes({ platform, env }), processes, verdict)

describe('checkRemoteSession', () => {
  it.each([
    [
      'win32',
      { SESSIONNAME: 'RDP-Tcp#3', CLIENTNAME: 'LAPTOP-7' },
      [
        'SESSIONNAME=RDP-Tcp#3 (a Remote Desktop / Citrix session)',
        "CLIENTNAME=LAPTOP-7 (the remote client's computer name)",
      ],
    ],
    ['win32', { SESSIONNAME: 'ICA-tcp#0' }, ['SESSIONNAME=ICA-tcp#0 (a Remote Desktop / Citrix session)']],
    [
      'linux',
      { DISPLAY: 'localhost:10.0' },
      ['DISPLAY=localhost:10.0 (host "localhost": the window is drawn over the network)'],
    ],
    [
      'linux',
      { DISPLAY: '10.0.0.5:0' },
      ['DISPLAY=10.0.0.5:0 (host "10.0.0.5": the window is drawn over the network)'],
    ],
    ['linux', { DISPLAY: ':10', XRDP_SESSION: '1' }, ['XRDP_SESSION=1 (an xrdp remote session)']],
  ] as const)('fails a remote session on %s (%o)', (platform, env, evidence) => {
    expect(check(platform, env)).toMatchObject({
      id: 'remote-session',
      status: 'fail',
      summary: 'The app is running in a remote session.',
      evidence,
    })
  })

  it.each([
    ['win32', { SESSIONNAME: 'Console' }],
    ['win32', { SESSIONNAME: 'Console', CLIENTNAME: 'Console' }],
    ['linux', { DISPLAY: ':0' }],
    ['linux', { DISPLAY: ':1.0' }],
    ['linux', { DISPLAY: 'unix:0' }],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }],
    ['darwin', { DISPLAY: '/private/tmp/com.apple.launchd.AbC/org.xquartz:0' }],
  ] as const)('passes a local session on %s (%o)', (platform, env) => {
    expect(check(platform, env)).toMatchObject({ status: 'pass', summary: 'The session is local.' })
  })

  it('only warns when an SSH login started the app on the local display', () => {
    const result = check('linux', { DISPLAY: ':0', SSH_CONNECTION: '10.0.0.9 52514 10.0.0.20 22' })
    expect(result).toMatchObject({
      status: 'warn',
      evidence: ['SSH_CONNECTION=10.0.0.9 52514 10.0.0.20 22 (the app was started from an SSH login)'],
    })
    expect(result.details).toMatch(/own screen/)
  })

  it.each([
    ['linux', 'x11vnc', 'process "x11vnc" is running (a VNC server, rule "x11vnc")'],
    [
      'linux',
      'gnome-remote-de',
      'process "gnome-remote-de" is running (GNOME Remote Desktop, rule "gnome-remote-desktop-daemon")',
    ],
    ['win32', 'tvnserver.exe', 'process "tvnserver.exe" is running (a VNC server, rule "tvnserver")'],
    ['darwin', 'screensharingd', 'process "screensharingd" is running (macOS Screen Sharing, rule "screensharingd")'],
    ['darwin', 'ARDAgent', 'process "ARDAgent" is running (Apple Remote Desktop, rule "ARDAgent")'],
  ] as const)('warns that a remote-desktop server runs on %s: %s', (platform, process, line) => {
    expect(check(platform, {}, { ok: true, names: ['launchd', process] })).toMatchObject({
      status: 'warn',
      evidence: [line],
    })
  })

  it('does not take a look-alike name for a VNC server', () => {
    expect(check('linux', {}, { ok: true, names: ['vncviewer', 'Xvnc-helper', 'novnc'] }).status).toBe('pass')
  })

  it('warns instead of failing when the center says so', () => {
    expect(check('win32', { SESSIONNAME: 'RDP-Tcp#1' }, NONE, 'warn').status).toBe('warn')
  })

  it('still checks the session facts when the process list is unavailable, and says so', () => {
    expect(check('linux', { DISPLAY: ':0' }, { ok: false, error: 'ps: not found' })).toMatchObject({
      status: 'pass',
      evidence: ['process list unavailable: ps: not found'],
    })
  })
})
