import type { ApiError, ApiInput, ApiMethod, ApiOutput, ApiResult } from '@contract'
import { FakeStation } from './fakeStation'

type StaffHandler<M extends ApiMethod> = (input: ApiInput<M>) => ApiOutput<M> | ApiError

/**
 * The fake station with proctor and admin methods scripted by the test: `on(method, handler)`; a handler returns
 * the method's output, or an ApiError (anything with a `code` and `message`) to fail the call. Candidate methods
 * behave as in FakeStation.
 */
export class StaffStation extends FakeStation {
  private readonly staff = new Map<ApiMethod, (input: unknown) => unknown>()

  on<M extends ApiMethod>(method: M, handler: StaffHandler<M>): this {
    this.staff.set(method, handler as (input: unknown) => unknown)
    return this
  }

  override async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<ApiOutput<M>>> {
    const handler = this.staff.get(method)
    if (!handler) return super.call(method, input)
    this.calls.push({ method, input })
    const value = handler(input)
    const failed =
      value !== null && typeof value === 'object' && 'code' in value && 'message' in value && !('token' in value)
    // The handler was registered for this method, so its value is this method's output (or an error).
    return failed ? { ok: false, error: value as ApiError } : { ok: true, value: value as ApiOutput<M> }
  }
}
