/** Numbers as the report prints them: fixed, locale-independent, so a report reads the same on every PC. */

const trim = (text: string): string => (text.includes('.') ? text.replace(/\.?0+$/, '') : text)

/** Up to two decimals, no trailing zeros: 3.8, 4, 2.39. */
export const points = (value: number): string => trim(value.toFixed(2))

export const percent = (fraction: number, decimals = 0): string => `${(fraction * 100).toFixed(decimals)}%`

export const orDash = <T>(value: T | null, format: (v: T) => string): string => (value === null ? '–' : format(value))

/** Two decimals, the usual precision for p and r. */
export const ratio = (value: number): string => value.toFixed(2)

/** Whole minutes and seconds: "57:00". */
export function minutes(ms: number): string {
  const seconds = Math.round(ms / 1000)
  return `${String(Math.floor(seconds / 60))}:${String(seconds % 60).padStart(2, '0')}`
}

export const range = (from: number, to: number, format: (v: number) => string): string => `${format(from)}–${format(to)}`
