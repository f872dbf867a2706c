/** A share as a percentage in the interface language ("42 %", "42%"); a dash when there is none. */
export const formatRate = (rate: number | null, locale: string, dash = '—'): string =>
  rate === null ? dash : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate)

/** A p or r value to two decimals; a dash when it cannot be computed. */
export const formatIndex = (value: number | null, locale: string, dash = '—'): string =>
  value === null
    ? dash
    : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)
