/** Date and time in the interface language, e.g. "2026/11/23 14:05" or "23 Nov 2026, 14:05". */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime())
    ? ''
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

/** Points as graders write them: up to two decimals, no trailing zeros ("3.5", "4"). */
export const formatPoints = (points: number, locale: string): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(points)

/** The first characters of a SHA-256, enough to tell files apart on screen; the summary keeps the whole hash. */
export const shortHash = (sha256: string): string => sha256.slice(0, 12)

// Decimal units, as sticks are sold and as file managers on Linux and macOS count.
const SIZE_UNITS = [
  ['terabyte', 1e12],
  ['gigabyte', 1e9],
  ['megabyte', 1e6],
] as const

/** A size as people read it on a stick: "14.2 GB", "512 MB"; a nearly full one in kB, never in bytes. */
export function formatBytes(bytes: number, locale: string): string {
  const [unit, size] = SIZE_UNITS.find(([, scale]) => bytes >= scale) ?? ['kilobyte', 1e3]
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    bytes / size,
  )
}
