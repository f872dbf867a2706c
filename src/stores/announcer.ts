import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

export type Politeness = 'polite' | 'assertive'

/** A message for screen readers, kept as an i18n key so it is spoken in the language on screen when it lands. */
export interface Announcement {
  /** Grows with every announcement, so the same words said twice are still a change the reader speaks. */
  id: number
  key: string
  params: Record<string, string | number>
  /** Chooses the plural form when the message has one. */
  count?: number
}

/** Feeds the two live regions of LiveAnnouncer: polite for confirmations, assertive for time and lost saves. */
export const useAnnouncerStore = defineStore('announcer', () => {
  const polite = shallowRef<Announcement | null>(null)
  const assertive = shallowRef<Announcement | null>(null)
  let nextId = 1

  function announce(
    key: string,
    options: { params?: Announcement['params']; count?: number; politeness?: Politeness } = {},
  ): void {
    const announcement: Announcement = {
      id: nextId++,
      key,
      params: options.params ?? {},
      ...(options.count === undefined ? {} : { count: options.count }),
    }
    if (options.politeness === 'assertive') assertive.value = announcement
    else polite.value = announcement
  }

  function reset(): void {
    polite.value = null
    assertive.value = null
  }

  return { polite, assertive, announce, reset }
})
