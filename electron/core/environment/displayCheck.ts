import type { EnvironmentPolicy } from './environmentPolicy'
import type { DisplayInfo, EnvironmentCheck } from './environmentTypes'

const describe = (display: DisplayInfo, index: number): string =>
  `display ${String(index + 1)}: ${String(display.width)}×${String(display.height)}${display.internal ? ' (built-in)' : ''}${display.label ? ` "${display.label}"` : ''}`

const HOW_TO_FIX =
  'A second screen can show the exam to someone else, or notes to the candidate. Disconnect it, or mirror it so both ' +
  'show the same picture (Windows: Win+P › Duplicate; macOS: System Settings › Displays › Mirror; Linux: display ' +
  'settings › Mirror). A mirrored pair counts as one display.'

/** Counts the displays the OS reports (in the app, Electron's screen.getAllDisplays()). */
export function checkDisplays(
  displays: readonly DisplayInfo[],
  policy: EnvironmentPolicy['displays'],
): EnvironmentCheck {
  const evidence = displays.map(describe)
  if (displays.length === 0) {
    return {
      id: 'displays',
      status: 'warn',
      summary: 'The OS reported no display.',
      details: 'The count could not be checked; look at the station.',
      evidence,
    }
  }
  if (displays.length <= policy.max) {
    const summary =
      displays.length === 1
        ? 'One display is attached.'
        : `${String(displays.length)} displays are attached (allowed: ${String(policy.max)}).`
    return { id: 'displays', status: 'pass', summary, details: 'No extra screen is connected.', evidence }
  }
  return {
    id: 'displays',
    status: policy.status,
    summary: `${String(displays.length)} displays are attached; this station allows ${String(policy.max)}.`,
    details: HOW_TO_FIX,
    evidence,
  }
}
