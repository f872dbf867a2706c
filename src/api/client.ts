import type {
  AnswerAck,
  ApiInput,
  ApiMethod,
  ApiOutput,
  ApiResult,
  CandidateResponse,
  InvigilBridge,
  RoomNoticesView,
  SessionView,
  StationStatus,
  StruckOptions,
  SubmittedView,
  TickView,
} from '@contract'
import { getBridge } from './bridge'

/**
 * The only door the stores use to reach the station. It adds names that read like the domain and turns a bridge
 * that throws (it should not, but an IPC channel can) into TRANSPORT_FAILED, so a store always gets an ApiResult.
 */
let injected: InvigilBridge | undefined

/** Tests (and nothing else) swap the transport here; `undefined` goes back to the real bridge. */
export function injectBridge(bridge: InvigilBridge | undefined): void {
  injected = bridge
}

/** One API call as an ApiResult, whatever the transport does; the typed wrappers below and in staffClient use it. */
export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<ApiOutput<M>>> {
  try {
    return await (injected ?? getBridge()).call(method, input)
  } catch (thrown) {
    return { ok: false, error: { code: 'TRANSPORT_FAILED', message: `${method}: ${String(thrown)}` } }
  }
}

const none = {} as Record<string, never>

export const stationApi = {
  status: (): Promise<ApiResult<StationStatus>> => call('station.status', none),
  /** The room's announcements for this seat and whether it released the start. */
  roomNotices: (): Promise<ApiResult<RoomNoticesView>> => call('station.roomNotices', none),
}

export const sessionApi = {
  checkIn: (candidateId: string, name: string): Promise<ApiResult<SessionView>> =>
    call('session.checkIn', { candidateId, name }),
  current: (): Promise<ApiResult<SessionView | null>> => call('session.current', none),
  acknowledgeRules: (): Promise<ApiResult<SessionView>> => call('session.acknowledgeRules', none),
  /** Resolves ok only after the core committed the answer durably: the one thing that may show "Saved". */
  saveAnswer: (unitId: string, response: CandidateResponse): Promise<ApiResult<AnswerAck>> =>
    call('session.saveAnswer', { unitId, response }),
  setFlag: (unitId: string, flagged: boolean): Promise<ApiResult<{ flags: string[] }>> =>
    call('session.setFlag', { unitId, flagged }),
  setStruckOptions: (unitId: string, letters: string[]): Promise<ApiResult<StruckOptions>> =>
    call('session.setStruckOptions', { unitId, letters }),
  navigate: (unitId: string): Promise<ApiResult<{ position: string }>> => call('session.navigate', { unitId }),
  tick: (): Promise<ApiResult<TickView>> => call('session.tick', none),
  submit: (): Promise<ApiResult<SubmittedView>> => call('session.submit', none),
}
