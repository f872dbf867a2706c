import type { ApiError, CandidateResponse, SessionView } from '@contract'
import { computed, reactive, ref, type ComputedRef } from 'vue'
import { sessionApi } from '../api/client'
import type { ExamIndex } from '../exam/examIndex'
import { isAnswered } from '../exam/responses'
import { createAnswerSaver, type SaveStatus } from './answerSaver'

export type ItemProgress = 'answered' | 'partial' | 'unanswered'

const SAVE_RANK: Record<SaveStatus, number> = { idle: 0, saved: 1, saving: 2, failed: 3 }

/**
 * The candidate's answers in the session store: what is on screen, what the core acknowledged, and what failed.
 * Kept in reactive Maps/Sets read by key, so a navigator button re-renders only when its own answer changes.
 */
export function sessionAnswers(deps: { index: ComputedRef<ExamIndex | null>; onFailed: (error: ApiError) => void }) {
  const answers = reactive(new Map<string, CandidateResponse>())
  const saveStatus = reactive(new Map<string, SaveStatus>())
  const failedUnits = reactive(new Set<string>())
  const lastSavedAt = ref<string | null>(null)

  const saver = createAnswerSaver({
    save: sessionApi.saveAnswer,
    onStatus(unitId, status) {
      saveStatus.set(unitId, status)
      if (status === 'failed') failedUnits.add(unitId)
      else failedUnits.delete(unitId)
    },
    onSaved(ack) {
      lastSavedAt.value = ack.savedAt
    },
    onFailed(_unitId, error) {
      deps.onFailed(error)
    },
  })

  /** The core's answers; one still on its way, or one the core refused, is newer than what the core holds. */
  function applySaved(saved: SessionView['answers']): void {
    for (const { unitId, response } of saved) {
      const status = saveStatus.get(unitId)
      if (status === 'saving' || status === 'failed') continue
      answers.set(unitId, response)
      saveStatus.set(unitId, 'saved')
    }
  }

  /** Shows the answer at once; "Saved" waits for the core's ack, and a failure keeps the answer on screen. */
  function answer(unitId: string, response: CandidateResponse): void {
    answers.set(unitId, response)
    saver.request(unitId, response)
  }

  function retryFailed(): void {
    for (const unitId of [...failedUnits]) saver.request(unitId, answers.get(unitId) ?? null)
  }

  const unitsOf = (itemId: string): readonly string[] => deps.index.value?.itemById.get(itemId)?.unitIds ?? []

  function itemProgress(itemId: string): ItemProgress {
    const units = unitsOf(itemId)
    const answered = units.filter((unitId) => isAnswered(answers.get(unitId))).length
    return answered === 0 ? 'unanswered' : answered === units.length ? 'answered' : 'partial'
  }

  function itemSaveStatus(itemId: string): SaveStatus {
    return unitsOf(itemId).reduce<SaveStatus>((worst, unitId) => {
      const status = saveStatus.get(unitId) ?? 'idle'
      return SAVE_RANK[status] > SAVE_RANK[worst] ? status : worst
    }, 'idle')
  }

  function clear(): void {
    saver.clear()
    answers.clear()
    saveStatus.clear()
    failedUnits.clear()
    lastSavedAt.value = null
  }

  return {
    lastSavedAt,
    failedCount: computed(() => failedUnits.size),
    /** Items with every unit answered; reads every answer, so only summary displays should use it. */
    answeredItemCount: computed(
      () => deps.index.value?.items.filter((entry) => itemProgress(entry.item.id) === 'answered').length ?? 0,
    ),
    applySaved,
    answer,
    retryFailed,
    itemProgress,
    itemSaveStatus,
    answerOf: (unitId: string): CandidateResponse | undefined => answers.get(unitId),
    saveStatusOf: (unitId: string): SaveStatus => saveStatus.get(unitId) ?? 'idle',
    settled: saver.settled,
    clear,
  }
}
