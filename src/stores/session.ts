import type {
  ApiError,
  CandidateExam,
  MovedHereView,
  SessionState,
  SessionView,
  SubmissionReceipt,
  SubmitReason,
  SubmittedView,
  TimeView,
} from '@contract'
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import { sessionApi } from '../api/client'
import { indexExam, itemIdAt, neighbourOf, type ItemEntry } from '../exam/examIndex'
import { useAnnouncerStore } from './announcer'
import { sessionAnswers } from './sessionAnswers'
import { useStruckOptionsStore } from './struckOptions'

export type { SaveStatus } from './answerSaver'
export type { ItemProgress } from './sessionAnswers'

/** Errors that mean "the session moved on without us" (time up, proctor pause, crash): ask the core where it is. */
const STATE_ERRORS: readonly ApiError['code'][] = [
  'TIME_UP',
  'NOT_RUNNING',
  'SESSION_INTERRUPTED',
  'ILLEGAL_TRANSITION',
  'NO_ACTIVE_SESSION',
]
export const POSITION_DELAY_MS = 250

/**
 * The candidate's session as the core knows it, plus the answers the candidate just gave that are on their way
 * (sessionAnswers.ts). Per-unit state lives in reactive Maps/Sets read by key, so the navigator's 1000 buttons each
 * re-render only when their own answer, flag or "current" mark changes.
 */
export const useSessionStore = defineStore('session', () => {
  const announcer = useAnnouncerStore()
  const struckOptions = useStruckOptionsStore()

  const loaded = ref(false)
  const loadError = shallowRef<ApiError | null>(null)
  const sessionId = ref<string | null>(null)
  const state = ref<SessionState | null>(null)
  const candidate = shallowRef<SessionView['candidate'] | null>(null)
  const exam = shallowRef<CandidateExam | null>(null)
  const index = computed(() => (exam.value ? indexExam(exam.value) : null))
  const rulesAcknowledged = ref(false)
  const time = shallowRef<TimeView | null>(null)
  const submission = shallowRef<SubmittedView | null>(null)
  /** Who ended the session once it is over: the candidate, the proctor, or the clock. */
  const submitReason = ref<SubmitReason | null>(null)
  /** The candidate's receipt once submitted: shown and printable on the submitted screen, kept across a reload. */
  const receipt = shallowRef<SubmissionReceipt | null>(null)
  /** The room moved this session here from another PC, and it waits for the candidate to continue. */
  const movedHere = shallowRef<MovedHereView | null>(null)
  /** Minutes a proctor added while the candidate was sitting, until the candidate closes the notice. */
  const timeAddedMinutes = ref<number | null>(null)
  const reviewing = ref(false)

  const flags = reactive(new Set<string>())
  const position = ref<string | null>(null)
  /** Holds only the current item id: `has(id)` is tracked per id, so moving on touches two navigator buttons. */
  const currentMark = reactive(new Set<string>())

  const currentItem = computed<ItemEntry | null>(() =>
    position.value ? (index.value?.itemById.get(position.value) ?? null) : null,
  )
  const work = sessionAnswers({
    index,
    onFailed(error) {
      announcer.announce('announce.saveFailed', { politeness: 'assertive' })
      void followStateError(error)
    },
  })

  function setPosition(itemId: string | null): void {
    if (position.value) currentMark.delete(position.value)
    position.value = itemId
    if (itemId) currentMark.add(itemId)
  }

  /** Counts views applied, so a poll that was overtaken by a check-in does not undo it with its older answer. */
  let viewsApplied = 0

  function applyView(view: SessionView): void {
    viewsApplied++
    if (view.sessionId !== sessionId.value) clearSession()
    sessionId.value = view.sessionId
    state.value = view.state
    candidate.value = view.candidate
    if (exam.value?.id !== view.exam.id) exam.value = view.exam
    rulesAcknowledged.value = view.rulesAcknowledged
    // The proctor panel on this very station reloads the whole view after an extension: the candidate is told too.
    noteTimeAdded(time.value, view.time)
    time.value = view.time
    submitReason.value = view.submitReason
    receipt.value = view.receipt
    movedHere.value = view.movedHere
    work.applySaved(view.answers)
    const flagged = new Set(view.flags)
    for (const id of flags) if (!flagged.has(id)) flags.delete(id)
    for (const id of flagged) flags.add(id)
    struckOptions.restore(view.struckOptions)
    if (index.value) setPosition(itemIdAt(index.value, view.position))
  }

  async function hydrate(): Promise<void> {
    const before = viewsApplied
    const result = await sessionApi.current()
    if (viewsApplied !== before && result.ok) return
    loaded.value = true
    loadError.value = result.ok ? null : result.error
    if (!result.ok) {
      if (result.error.code === 'SESSION_INTERRUPTED') state.value = 'interrupted'
      return
    }
    if (result.value) applyView(result.value)
    else clearSession()
  }

  /** After a refusal that may mean the session moved on (time up, paused, interrupted), learn where it is now. */
  async function followStateError(error: ApiError): Promise<void> {
    if (STATE_ERRORS.includes(error.code)) await hydrate()
  }

  /** Each returns the error to show beside the action, or null when it worked. */
  async function checkIn(candidateId: string, name: string): Promise<ApiError | null> {
    const result = await sessionApi.checkIn(candidateId.trim(), name.trim())
    if (result.ok) applyView(result.value)
    return result.ok ? null : result.error
  }

  async function acknowledgeRules(): Promise<ApiError | null> {
    const result = await sessionApi.acknowledgeRules()
    if (result.ok) applyView(result.value)
    else await followStateError(result.error)
    return result.ok ? null : result.error
  }

  async function toggleFlag(itemId: string): Promise<boolean> {
    const flagged = !flags.has(itemId)
    if (flagged) flags.add(itemId)
    else flags.delete(itemId)
    const result = await sessionApi.setFlag(itemId, flagged)
    if (result.ok) return true
    if (flagged) flags.delete(itemId)
    else flags.add(itemId)
    announcer.announce('announce.flagFailed', { politeness: 'assertive' })
    await followStateError(result.error)
    return false
  }

  /**
   * The core keeps the position so a reload comes back here. It is sent a moment after the candidate settles, not
   * on every step: paging quickly through a long bank then costs one request, and none of it delays the screen.
   */
  let positionTimer: ReturnType<typeof setTimeout> | undefined
  function persistPosition(itemId: string): void {
    clearTimeout(positionTimer)
    positionTimer = setTimeout(() => {
      void sessionApi.navigate(itemId).then((result) => (result.ok ? undefined : followStateError(result.error)))
    }, POSITION_DELAY_MS)
  }

  function goTo(itemId: string): void {
    reviewing.value = false
    if (itemId === position.value || !index.value?.itemById.has(itemId)) return
    setPosition(itemId)
    persistPosition(itemId)
  }

  function step(direction: -1 | 1): boolean {
    const next = index.value && position.value ? neighbourOf(index.value, position.value, direction) : null
    if (next) goTo(next)
    return next !== null
  }

  async function submit(): Promise<ApiError | null> {
    await work.settled()
    const result = await sessionApi.submit()
    if (!result.ok) {
      await followStateError(result.error)
      return result.error
    }
    submission.value = result.value
    receipt.value = result.value.receipt
    state.value = result.value.state
    submitReason.value = 'candidate'
    reviewing.value = false
    return null
  }

  /**
   * The timer's view of the session: a proctor pause, resume, extension or ending shows up here first. More time
   * allowed than at the last tick is a proctor's (or the room's) extension: the candidate is told, once. A session
   * that has just ended under the candidate is read again, to learn who ended it.
   */
  function applyTime(next: TimeView): void {
    noteTimeAdded(time.value, next)
    time.value = next
    if (next.state === state.value) return
    state.value = next.state
    if (next.state === 'submitted' || next.state === 'exported') void hydrate()
  }

  /** More time allowed than before, in the same session: shown until dismissed, and spoken once. */
  function noteTimeAdded(previous: TimeView | null, next: TimeView): void {
    const added = previous ? Math.round((next.allowedMs - previous.allowedMs) / 60_000) : 0
    if (added <= 0) return
    timeAddedMinutes.value = (timeAddedMinutes.value ?? 0) + added
    announcer.announce('timer.added', { params: { minutes: added }, count: added, politeness: 'assertive' })
  }

  function dismissTimeAdded(): void {
    timeAddedMinutes.value = null
  }

  const isFlagged = (itemId: string): boolean => flags.has(itemId)
  const isCurrent = (itemId: string): boolean => currentMark.has(itemId)

  function setReviewing(on: boolean): void {
    reviewing.value = on
  }

  function clearSession(): void {
    work.clear()
    clearTimeout(positionTimer)
    sessionId.value = null
    state.value = null
    candidate.value = null
    exam.value = null
    rulesAcknowledged.value = false
    time.value = null
    submission.value = null
    submitReason.value = null
    receipt.value = null
    movedHere.value = null
    timeAddedMinutes.value = null
    reviewing.value = false
    flags.clear()
    struckOptions.reset()
    setPosition(null)
  }

  function reset(): void {
    clearSession()
    loaded.value = false
    loadError.value = null
  }

  return {
    // state
    loaded,
    loadError,
    sessionId,
    state,
    candidate,
    exam,
    index,
    rulesAcknowledged,
    time,
    submission,
    submitReason,
    receipt,
    movedHere,
    timeAddedMinutes,
    reviewing,
    flags,
    currentItem,
    failedCount: work.failedCount,
    answeredItemCount: work.answeredItemCount,
    lastSavedAt: work.lastSavedAt,
    // per-item and per-unit lookups (tracked by key)
    itemProgress: work.itemProgress,
    itemSaveStatus: work.itemSaveStatus,
    answerOf: work.answerOf,
    saveStatusOf: work.saveStatusOf,
    isFlagged,
    isCurrent,
    // actions
    hydrate,
    reset,
    followStateError,
    checkIn,
    acknowledgeRules,
    answer: work.answer,
    retryFailed: work.retryFailed,
    toggleFlag,
    goTo,
    step,
    submit,
    applyTime,
    dismissTimeAdded,
    setReviewing,
    settled: work.settled,
  }
})
