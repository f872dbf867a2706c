import type { Page } from '@playwright/test'

/**
 * Console errors and warnings, uncaught page errors, failed loads and 4xx/5xx responses, from the page's first
 * request on: a screen that works but logs an error, or loads something that is not there, is not clean. Requests
 * the browser itself cancels (a reload or a navigation aborts the calls in flight) are not failures of the app.
 */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? ''
    if (reason !== 'net::ERR_ABORTED') problems.push(`failed (${reason}): ${request.url()}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${String(response.status())}: ${response.url()}`)
  })
  return problems
}

/** What a spec declares it causes on purpose (`test.use({ expectedPageProblems: [/…/] })`); anything else fails. */
export function unexpectedPageProblems(problems: string[], expected: readonly RegExp[]): string[] {
  return problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)))
}
