import { onBeforeUnmount, onMounted } from 'vue'
import { isTypingTarget, shortcutFor, type ExamShortcut } from '../exam/shortcuts'

/** Listens for the exam's shortcuts while the calling component is mounted; a modal dialog switches them off. */
export function useExamShortcuts(run: (shortcut: ExamShortcut, event: KeyboardEvent) => void): void {
  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || document.querySelector('[aria-modal="true"]')) return
    const shortcut = shortcutFor(event, isTypingTarget(event.target))
    if (!shortcut) return
    event.preventDefault()
    run(shortcut, event)
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
