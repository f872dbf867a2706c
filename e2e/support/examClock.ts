import { expect, type Locator } from '@playwright/test'
import type { BrowserHost } from '../../electron/host/browserHost'

export const MINUTE_MS = 60_000

/**
 * Where every E2E station's test clock starts: an exam morning, 09:00 in Taipei (the suite's time zone, set in
 * playwright.config.ts). Screens that show a time ("Saved at 9:05", incident times) then look the same every run.
 */
export const E2E_CLOCK_START_MS = Date.parse('2026-11-23T09:00:00+08:00')

/** Moves exam time on the station's test clock (the fixture always runs one). */
export function advanceExamClock(app: BrowserHost, ms: number): void {
  if (!app.testClock)
    throw new Error('this station runs on the system clock; the E2E fixture should have given it a test clock')
  app.testClock.advance(ms)
}

/** "1:05:09" or "5:09" as seconds. */
export function timerSeconds(text: string): number {
  const parts = text.trim().split(':').map(Number)
  if (parts.length < 2 || parts.some((part) => !Number.isInteger(part)))
    throw new Error(`not a time remaining: "${text}"`)
  return parts.reduce((total, part) => total * 60 + part, 0)
}

/**
 * The timer shows `remainingMs`, give or take one tick: between the core's once-a-second answers the display
 * counts down on its own, so it may be up to a second lower until the next answer corrects it.
 */
export async function expectTimerShows(timer: Locator, remainingMs: number): Promise<void> {
  const expected = Math.ceil(remainingMs / 1000)
  await expect
    .poll(async () => timerSeconds(await timer.innerText()), { message: `the timer shows about ${String(expected)} s` })
    .toBeGreaterThanOrEqual(expected - 1)
  expect(timerSeconds(await timer.innerText())).toBeLessThanOrEqual(expected)
}
