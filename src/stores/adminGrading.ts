import type { ApiError, GradingItemView, GradingQueueEntry } from '@contract'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { adminApi } from '../api/staffClient'
import { useAdminStore } from './admin'

const sameUnit = (a: { sessionId: string; unitId: string }, b: { sessionId: string; unitId: string }): boolean =>
  a.sessionId === b.sessionId && a.unitId === b.unitId

/**
 * Manual grading, one answer at a time: the queue of answered short answers (in the exam's order), the one on screen
 * with its reference answer, and saving a score, which moves on to the next ungraded answer.
 */
export const useGradingStore = defineStore('adminGrading', () => {
  const admin = useAdminStore()
  const queue = shallowRef<GradingQueueEntry[]>([])
  const item = shallowRef<GradingItemView | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const saving = ref(false)
  const pendingCount = computed(() => queue.value.filter((entry) => entry.status === 'pending').length)

  async function loadQueue(): Promise<void> {
    const result = await admin.withToken(adminApi.gradingQueue)
    error.value = result.ok ? null : result.error
    if (result.ok) queue.value = result.value
  }

  async function open(entry: { sessionId: string; unitId: string }): Promise<void> {
    const result = await admin.withToken((token) => adminApi.gradingItem(token, entry.sessionId, entry.unitId))
    error.value = result.ok ? null : result.error
    if (result.ok) item.value = result.value
  }

  /** Loads the queue and shows the first ungraded answer (or the first answer, when all are graded). */
  async function start(): Promise<void> {
    await loadQueue()
    const first = queue.value.find((entry) => entry.status === 'pending') ?? queue.value[0]
    item.value = null
    if (first) await open(first)
  }

  /** Saves the score of the answer on screen and shows the next ungraded one; returns the error to show, if any. */
  async function save(score: number, comment: string): Promise<ApiError | null> {
    const current = item.value
    if (!current) return null
    saving.value = true
    const result = await admin.withToken((token) =>
      adminApi.recordScore(token, {
        sessionId: current.sessionId,
        unitId: current.unitId,
        score,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
    )
    saving.value = false
    if (!result.ok) return result.error
    await loadQueue()
    // The next ungraded answer after this one in the list's (stable) order, then from the top.
    const at = queue.value.findIndex((entry) => sameUnit(entry, current))
    const after = [...queue.value.slice(at + 1), ...queue.value.slice(0, Math.max(0, at))]
    const next = after.find((entry) => entry.status === 'pending' && !sameUnit(entry, current))
    await open(next ?? current)
    return null
  }

  return { queue, item, error, saving, pendingCount, start, open, save }
})
