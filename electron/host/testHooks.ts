import { failure } from '../core/api/apiErrors'
import type { ApiResult } from '../core/api/contract'
import { describeIssue } from '../core/api/inputSchemas'
import type { KioskIncidents } from '../core/kiosk/kioskIncidents'
import { osEventSchema } from '../core/kiosk/osEventIncident'
import type { ManualClock } from '../core/base/clock'

/**
 * What the E2E suite may do to a browser host on a test clock, and nothing else may: move time, and stand in for the
 * OS the host does not have. Each hook is a POST under /__test/; a host on the system clock has none of them.
 */
export interface HostTestHooks {
  clock: ManualClock
  /** The same kiosk incidents Electron feeds from window and OS events, over the same candidate desk. */
  incidents: KioskIncidents
}

export interface TestHookAnswer {
  status: number
  body: ApiResult<unknown>
}

type TestHook = (hooks: HostTestHooks, body: unknown) => TestHookAnswer

/** Largest single test-clock jump: a day, more than any exam lasts. */
const MAX_ADVANCE_MS = 24 * 60 * 60_000

const invalid = (message: string): TestHookAnswer => ({ status: 400, body: failure('VALIDATION_FAILED', message) })

const TEST_HOOKS: Readonly<Record<string, TestHook>> = {
  /** `{ ms }`: moves exam time forward. */
  '/__test/clock/advance': ({ clock }, body) => {
    const ms = body !== null && typeof body === 'object' ? (body as { ms?: unknown }).ms : undefined
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_ADVANCE_MS) {
      return invalid(`ms: a whole number of milliseconds from 0 to ${String(MAX_ADVANCE_MS)}`)
    }
    clock.advance(ms)
    return { status: 200, body: { ok: true, value: { monotonicMs: clock.monotonicMs(), wallMs: clock.wallMs() } } }
  },
  /** An OsEvent, e.g. `{ kind: 'blur' }`: reported as if the kiosk shell had seen it; `recorded` says if it was logged. */
  '/__test/os-event': ({ incidents }, body) => {
    const event = osEventSchema.safeParse(body)
    if (!event.success) return invalid(describeIssue(event.error))
    return { status: 200, body: { ok: true, value: { recorded: incidents.report(event.data) } } }
  },
}

export function testHookAt(pathname: string): TestHook | undefined {
  return Object.hasOwn(TEST_HOOKS, pathname) ? TEST_HOOKS[pathname] : undefined
}
