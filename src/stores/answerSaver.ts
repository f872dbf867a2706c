import type { AnswerAck, ApiError, ApiResult, CandidateResponse } from '@contract'

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed'

export interface AnswerSaverDeps {
  save: (unitId: string, response: CandidateResponse) => Promise<ApiResult<AnswerAck>>
  onStatus: (unitId: string, status: SaveStatus) => void
  onSaved: (ack: AnswerAck) => void
  onFailed: (unitId: string, error: ApiError) => void
}

/**
 * Sends answers to the core one unit at a time, newest wins. Per unit at most one save is in flight; changes made
 * meanwhile collapse into the latest response, which goes next. So acks can never arrive out of order and a slow
 * save cannot overwrite a newer answer. "Saved" is reported only when the ack for the newest response arrives.
 */
export function createAnswerSaver(deps: AnswerSaverDeps) {
  const waiting = new Map<string, CandidateResponse>()
  const running = new Map<string, Promise<void>>()

  async function drain(unitId: string): Promise<void> {
    try {
      await sendWaiting(unitId)
    } finally {
      // Synchronously after the last look at `waiting`, so a request arriving now starts a fresh drain.
      running.delete(unitId)
    }
  }

  async function sendWaiting(unitId: string): Promise<void> {
    while (waiting.has(unitId)) {
      const response = waiting.get(unitId) ?? null
      waiting.delete(unitId)
      const result = await deps.save(unitId, response)
      // A newer change is queued: its save decides the status, not this one.
      if (waiting.has(unitId)) continue
      if (result.ok) {
        deps.onStatus(unitId, 'saved')
        deps.onSaved(result.value)
      } else {
        deps.onStatus(unitId, 'failed')
        deps.onFailed(unitId, result.error)
      }
    }
  }

  function request(unitId: string, response: CandidateResponse): void {
    waiting.set(unitId, response)
    deps.onStatus(unitId, 'saving')
    if (running.has(unitId)) return
    running.set(unitId, drain(unitId))
  }

  /** Resolves when every save asked for so far has been answered (acknowledged or failed). */
  async function settled(): Promise<void> {
    while (running.size > 0) await Promise.all(running.values())
  }

  function clear(): void {
    waiting.clear()
  }

  return { request, settled, clear }
}

export type AnswerSaver = ReturnType<typeof createAnswerSaver>
