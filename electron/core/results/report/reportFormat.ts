import type { ReportLocale, ReportMessages } from './reportMessageTypes'
import { reportMessages } from './reportMessages'

/**
 * Numbers and dates as the report prints them, in the report's language (Intl): the locale is chosen by the admin,
 * never taken from the PC, so the same results in the same language read the same everywhere.
 */
export interface ReportFormat {
  /** Up to two decimals, no trailing zeros: 3.8, 4, 2.39. */
  points: (value: number) => string
  percent: (fraction: number, decimals?: number) => string
  /** Two decimals, the usual precision for p and r. */
  ratio: (value: number) => string
  /** A date and time with its zone, so a reader in another zone is not misled. */
  dateTime: (iso: string) => string
}

/** The report's words and number formats for one locale, handed to every part that writes text. */
export interface ReportLanguage {
  locale: ReportLocale
  t: ReportMessages
  format: ReportFormat
}

export function reportFormat(locale: ReportLocale, timeZone?: string): ReportFormat {
  const points = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
  const ratio = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const percents = new Map<number, Intl.NumberFormat>()
  const percentFormat = (decimals: number): Intl.NumberFormat => {
    let format = percents.get(decimals)
    if (!format)
      percents.set(
        decimals,
        (format = new Intl.NumberFormat(locale, {
          style: 'percent',
          minimumFractionDigits: decimals,
          maximumFractionDigits: decimals,
        })),
      )
    return format
  }
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'long',
    ...(timeZone === undefined ? {} : { timeZone }),
  })
  return {
    points: (value) => points.format(value),
    percent: (fraction, decimals = 0) => percentFormat(decimals).format(fraction),
    ratio: (value) => ratio.format(value),
    dateTime: (iso) => dateTime.format(new Date(iso)),
  }
}

/** `timeZone` is an IANA name; without it, the zone of the PC that writes the report. */
export const reportLanguage = (locale: ReportLocale, timeZone?: string): ReportLanguage => ({
  locale,
  t: reportMessages(locale),
  format: reportFormat(locale, timeZone),
})

export const orDash = <T>(value: T | null, format: (v: T) => string): string => (value === null ? '–' : format(value))

/** Whole minutes and seconds: "57:00", the same in every language. */
export function minutes(ms: number): string {
  const seconds = Math.round(ms / 1000)
  return `${String(Math.floor(seconds / 60))}:${String(seconds % 60).padStart(2, '0')}`
}

export const range = (from: number, to: number, format: (v: number) => string): string =>
  `${format(from)}–${format(to)}`
