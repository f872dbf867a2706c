import type { CheckVerdict } from './environmentPolicy'
import { checkWords } from './environmentMessages'
import type { EnvironmentCheck, EnvironmentProbes, ProcessList } from './environmentTypes'
import { matchesProcessName } from './processList'

/**
 * Is the exam window drawn for someone who is not at this keyboard? Facts of this very session (Windows'
 * SESSIONNAME, an X display on another host, an xrdp session) fail. A remote-desktop server merely running, or an
 * SSH login that started the app, only warns: both are common on lab machines with nobody connected.
 */
interface RemoteServer {
  label: string
  names: readonly string[]
  platforms: readonly string[]
}

const REMOTE_SERVERS: readonly RemoteServer[] = [
  {
    label: 'a VNC server',
    names: [
      'Xvnc',
      'Xtigervnc',
      'x11vnc',
      'vncserver',
      'wayvnc',
      'krfb',
      'vino-server',
      'tvnserver',
      'winvnc',
      'winvnc4',
    ],
    platforms: ['linux', 'win32'],
  },
  { label: 'GNOME Remote Desktop', names: ['gnome-remote-desktop-daemon'], platforms: ['linux'] },
  { label: 'xrdp', names: ['xrdp', 'xrdp-sesman'], platforms: ['linux'] },
  {
    label: 'macOS Screen Sharing',
    names: ['screensharingd', 'ScreensharingAgent', 'AppleVNCServer'],
    platforms: ['darwin'],
  },
  { label: 'Apple Remote Desktop', names: ['ARDAgent'], platforms: ['darwin'] },
]

/** A DISPLAY with a host before the colon ("localhost:10.0" from ssh -X, "10.0.0.5:0") is drawn over the network. */
function remoteDisplayHost(display: string | undefined): string | undefined {
  if (!display || display.startsWith('/')) return undefined // macOS XQuartz launchd socket path: local
  const colon = display.lastIndexOf(':')
  const host = colon > 0 ? display.slice(0, colon) : ''
  return host === '' || host === 'unix' ? undefined : host
}

function sessionFacts(probes: EnvironmentProbes): string[] {
  const { env, platform } = probes
  const facts: string[] = []
  if (platform === 'win32') {
    if (env.SESSIONNAME && /^(RDP|ICA)-/i.test(env.SESSIONNAME))
      facts.push(`SESSIONNAME=${env.SESSIONNAME} (a Remote Desktop / Citrix session)`)
    if (env.CLIENTNAME && !/^console$/i.test(env.CLIENTNAME))
      facts.push(`CLIENTNAME=${env.CLIENTNAME} (the remote client's computer name)`)
    return facts
  }
  const host = remoteDisplayHost(env.DISPLAY)
  if (host !== undefined)
    facts.push(`DISPLAY=${env.DISPLAY ?? ''} (host "${host}": the window is drawn over the network)`)
  if (env.XRDP_SESSION) facts.push(`XRDP_SESSION=${env.XRDP_SESSION} (an xrdp remote session)`)
  return facts
}

function launchHints(probes: EnvironmentProbes): string[] {
  const { env, platform } = probes
  if (platform === 'win32') return []
  const ssh = env.SSH_CONNECTION ?? env.SSH_CLIENT
  return ssh ? [`SSH_CONNECTION=${ssh} (the app was started from an SSH login)`] : []
}

function serverHints(processes: ProcessList, platform: string): string[] {
  if (!processes.ok) return []
  return REMOTE_SERVERS.filter((server) => server.platforms.includes(platform)).flatMap((server) =>
    processes.names.flatMap((name) => {
      const rule = server.names.find((pattern) => matchesProcessName(name, pattern, platform))
      return rule ? [`process "${name}" is running (${server.label}, rule "${rule}")`] : []
    }),
  )
}

export function checkRemoteSession(
  probes: EnvironmentProbes,
  processes: ProcessList,
  verdict: CheckVerdict,
): EnvironmentCheck {
  const id = 'remote-session'
  const facts = sessionFacts(probes)
  if (facts.length > 0) {
    return {
      id,
      status: verdict === 'fail' ? 'fail' : 'warn',
      ...checkWords('remoteSession', 'remoteSessionDetails'),
      evidence: facts,
    }
  }
  const hints = [...launchHints(probes), ...serverHints(processes, probes.platform)]
  if (hints.length > 0) {
    return {
      id,
      status: 'warn',
      ...checkWords('remoteHint', 'remoteHintDetails'),
      evidence: hints,
    }
  }
  const unlisted = processes.ok ? [] : [`process list unavailable: ${processes.error}`]
  return {
    id,
    status: 'pass',
    ...checkWords('remoteLocal', 'remoteLocalDetails'),
    evidence: unlisted,
  }
}
