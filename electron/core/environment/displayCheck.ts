import type { EnvironmentPolicy } from './environmentPolicy'
import { checkWords } from './environmentMessages'
import type { DisplayInfo, EnvironmentCheck } from './environmentTypes'

const describe = (display: DisplayInfo, index: number): string =>
  `display ${String(index + 1)}: ${String(display.width)}×${String(display.height)}${display.internal ? ' (built-in)' : ''}${display.label ? ` "${display.label}"` : ''}`

/** Counts the displays the OS reports (in the app, Electron's screen.getAllDisplays()). */
export function checkDisplays(
  displays: readonly DisplayInfo[],
  policy: EnvironmentPolicy['displays'],
): EnvironmentCheck {
  const evidence = displays.map(describe)
  if (displays.length === 0) {
    return { id: 'displays', status: 'warn', ...checkWords('displaysNone', 'displaysNoneDetails'), evidence }
  }
  if (displays.length <= policy.max) {
    const words = checkWords(displays.length === 1 ? 'displaysOne' : 'displaysAllowed', 'displaysNoExtra', {
      count: displays.length,
      max: policy.max,
    })
    return { id: 'displays', status: 'pass', ...words, evidence }
  }
  return {
    id: 'displays',
    status: policy.status,
    ...checkWords('displaysTooMany', 'displaysHowToFix', { count: displays.length, max: policy.max }),
    evidence,
  }
}
