import { defineStore } from 'pinia'
import { reactive } from 'vue'

/**
 * Options the candidate struck out: a thinking aid on screen only. The core never sees them and they are not
 * part of the answer, so they live here for the session's life in this window and are keyed per unit.
 */
export const useEliminationStore = defineStore('eliminations', () => {
  const struck = reactive(new Map<string, Set<string>>())

  const isEliminated = (unitId: string, letter: string): boolean => struck.get(unitId)?.has(letter) ?? false

  function toggle(unitId: string, letter: string): boolean {
    const letters = struck.get(unitId) ?? new Set<string>()
    const now = !letters.has(letter)
    if (now) letters.add(letter)
    else letters.delete(letter)
    struck.set(unitId, new Set(letters))
    return now
  }

  function reset(): void {
    struck.clear()
  }

  return { isEliminated, toggle, reset }
})
