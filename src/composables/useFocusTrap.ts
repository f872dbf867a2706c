import { nextTick, onBeforeUnmount, watch, type Ref } from 'vue'

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * Keeps Tab inside `container` while `active`, starts on `initial` (or the first control), and gives focus back to
 * whatever had it before when the trap ends, so a keyboard user returns to the button that opened the dialog.
 */
export function useFocusTrap(
  container: Readonly<Ref<HTMLElement | null>>,
  active: Readonly<Ref<boolean>>,
  initial?: Readonly<Ref<HTMLElement | null>>,
) {
  let returnTo: HTMLElement | null = null

  function focusables(): HTMLElement[] {
    return container.value ? [...container.value.querySelectorAll<HTMLElement>(FOCUSABLE)] : []
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return
    const items = focusables()
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) return
    const inside = container.value?.contains(document.activeElement) ?? false
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault()
      first.focus()
    }
  }

  function release(): void {
    document.removeEventListener('keydown', onKeydown, true)
    returnTo?.focus()
    returnTo = null
  }

  watch(
    active,
    async (on) => {
      if (!on) return release()
      returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null
      document.addEventListener('keydown', onKeydown, true)
      await nextTick()
      ;(initial?.value ?? focusables()[0])?.focus()
    },
    { immediate: true },
  )

  onBeforeUnmount(() => {
    if (active.value) release()
  })
}
