import type { CommandResult, DisplayInfo, EnvironmentProbes } from '../environmentTypes'

export interface FakeMachine {
  platform: string
  env?: Record<string, string>
  files?: Record<string, string>
  /** Keyed by "command arg1 arg2"; a string is the command's standard output. Anything else fails to run. */
  commands?: Record<string, string | CommandResult>
  displays?: DisplayInfo[]
}

export const ONE_DISPLAY: DisplayInfo[] = [{ id: 1, width: 1920, height: 1080, internal: true }]

/** A machine that exists only in the test: every read and command answers from the tables. */
export function fakeProbes(machine: FakeMachine): EnvironmentProbes & { ran: string[] } {
  const ran: string[] = []
  return {
    ran,
    platform: machine.platform,
    env: machine.env ?? {},
    displays: () => Promise.resolve(machine.displays ?? ONE_DISPLAY),
    readText: (file) => Promise.resolve(machine.files?.[file]),
    run: (command, args) => {
      const line = [command, ...args].join(' ')
      ran.push(line)
      const answer = machine.commands?.[line]
      if (answer === undefined) return Promise.resolve({ ok: false, error: `${command}: not found` })
      return Promise.resolve(typeof answer === 'string' ? { ok: true, stdout: answer } : answer)
    },
  }
}

export const PS = 'ps -A -o comm='
export const TASKLIST = 'tasklist /fo csv /nh'
export const WIN_SYSTEM =
  'powershell.exe -NoProfile -NonInteractive -Command Get-CimInstance -ClassName Win32_ComputerSystem | Select-Object Manufacturer, Model | ConvertTo-Json -Compress'

/** tasklist's CSV: the memory column has a comma inside its quotes, as on a real PC. */
export const tasklist = (...images: string[]): string =>
  images.map((image, i) => `"${image}","${String(1000 + i)}","Console","1","12,345 K"`).join('\r\n')
