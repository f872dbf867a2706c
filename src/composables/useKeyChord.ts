import { onBeforeUnmount, onMounted } from 'vue'

export interface KeyChord {
  /** Physical key (`KeyboardEvent.code`), so the chord works with any keyboard layout or IME. */
  code: string
  ctrlKey: boolean
  altKey: boolean
  shiftKey?: boolean
}

/** The proctor panel's chord. The kiosk shell maps the same keys to the panel, so one habit works everywhere. */
export const PROCTOR_CHORD: KeyChord = { code: 'KeyP', ctrlKey: true, altKey: true }

export const matchesChord = (
  event: Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>,
  chord: KeyChord,
): boolean =>
  event.code === chord.code &&
  event.ctrlKey === chord.ctrlKey &&
  event.altKey === chord.altKey &&
  event.shiftKey === (chord.shiftKey ?? false) &&
  !event.metaKey

/** Runs `action` on the chord while the calling component is mounted; it is caught before anything else sees it. */
export function useKeyChord(chord: KeyChord, action: () => void): void {
  function onKeydown(event: KeyboardEvent): void {
    if (!matchesChord(event, chord)) return
    event.preventDefault()
    event.stopImmediatePropagation()
    action()
  }
  onMounted(() => window.addEventListener('keydown', onKeydown, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, true))
}
