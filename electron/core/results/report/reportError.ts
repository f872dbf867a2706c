/** A report that cannot be made: no results to report, a bank that does not load or Chart.js missing. */
export class ReportError extends Error {
  override readonly name = 'ReportError'
  constructor(
    readonly code: 'CHART_LIBRARY_MISSING' | 'NO_RESULTS' | 'BAD_BANK',
    message: string,
  ) {
    super(message)
  }
}
