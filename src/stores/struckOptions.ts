import type { ApiError, StruckOptions } from '@contract'
import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { sessionApi } from '../api/client'
import { useAnnouncerStore } from './announcer'

/**
 * Options the candidate struck out, keyed per unit: a thinking aid, not part of the answer. The core keeps them with
 * the session so a reload or crash finds them again; a strike shows at once, and a refused one is put back.
 */
export const useStruckOptionsStore = defineStore('struckOptions', () => {
  const announcer = useAnnouncerStore()
  const struck = reactive(new Map<string, Set<string>>())

  const isStruck = (unitId: string, letter: string): boolean => struck.get(unitId)?.has(letter) ?? false
  /** Whether the candidate struck out any option of the unit (a status the review grid shows). */
  const hasStruck = (unitId: string): boolean => (struck.get(unitId)?.size ?? 0) > 0
  const lettersOf = (unitId: string): string[] => [...(struck.get(unitId) ?? [])].sort()

  function put(unitId: string, letters: readonly string[]): void {
    if (letters.length > 0) struck.set(unitId, new Set(letters))
    else struck.delete(unitId)
  }

  /** Strikes out or brings back one option; returns the core's refusal (the caller follows state errors), or null. */
  async function toggle(unitId: string, letter: string): Promise<ApiError | null> {
    const before = lettersOf(unitId)
    const after = before.includes(letter)
      ? before.filter((struckLetter) => struckLetter !== letter)
      : [...before, letter].sort()
    put(unitId, after)
    const result = await sessionApi.setStruckOptions(unitId, after)
    if (result.ok) return null
    // A later toggle of the same unit has already replaced this one: leave its letters alone.
    if (lettersOf(unitId).join() === after.join()) put(unitId, before)
    announcer.announce('announce.strikeFailed', { politeness: 'assertive' })
    return result.error
  }

  /** What the core holds for the session (check-in, reload, recovery) replaces what is on screen. */
  function restore(saved: readonly StruckOptions[]): void {
    struck.clear()
    for (const { unitId, letters } of saved) put(unitId, letters)
  }

  function reset(): void {
    struck.clear()
  }

  return { isStruck, hasStruck, toggle, restore, reset }
})
