import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

/**
 * axe-core's serious and critical findings on the page as it is now, each with the elements it was found on, so a
 * failure says what to fix. Every default rule, plus label-content-name-mismatch (experimental in axe 4, so off by
 * default): a control whose name does not contain its visible words cannot be operated by voice.
 */
export async function seriousAxeFindings(page: Page): Promise<string[]> {
  // Only violations are read; asking for nothing else spares axe the detail of every passing node.
  const { violations } = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze()
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${String(violation.impact)} ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
    )
}
