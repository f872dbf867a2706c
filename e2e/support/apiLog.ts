import type { Page, Response } from '@playwright/test'
import type { ApiMethod, ApiOutput, ApiResult } from '../../electron/core/api/contract'

/** One API call the page made, with the response body exactly as the page received it. */
export interface ApiExchange {
  method: string
  input: unknown
  status: number
  /** The raw body text; null when the browser could no longer give it (that counts as a failure, not a pass). */
  body: string | null
}

/**
 * Records every `/api/` response the page receives, in arrival order. Bodies are read as they arrive, so
 * `exchanges()` waits for the reads still in progress.
 */
export class ApiLog {
  private readonly reads: Promise<ApiExchange>[] = []

  private constructor(page: Page) {
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) this.reads.push(ApiLog.read(response))
    })
  }

  static attach(page: Page): ApiLog {
    return new ApiLog(page)
  }

  private static async read(response: Response): Promise<ApiExchange> {
    const request = response.request()
    const method = new URL(response.url()).pathname.slice('/api/'.length)
    const body = await response.text().catch(() => null)
    return { method, input: request.postDataJSON() as unknown, status: response.status(), body }
  }

  async exchanges(): Promise<ApiExchange[]> {
    return Promise.all(this.reads)
  }

  /** The successful results of one method, in order. */
  async values<M extends ApiMethod>(method: M): Promise<ApiOutput<M>[]> {
    const values: ApiOutput<M>[] = []
    for (const exchange of await this.exchanges()) {
      if (exchange.method !== method || exchange.body === null) continue
      const result = JSON.parse(exchange.body) as ApiResult<ApiOutput<M>>
      if (result.ok) values.push(result.value)
    }
    return values
  }

  /** Every response the page sent for `session.saveAnswer` of this unit, in order. */
  async savedResponsesOf(unitId: string): Promise<unknown[]> {
    return (await this.exchanges())
      .filter(
        (exchange) =>
          exchange.method === 'session.saveAnswer' && (exchange.input as { unitId?: unknown }).unitId === unitId,
      )
      .map((exchange) => (exchange.input as { response?: unknown }).response)
  }
}
