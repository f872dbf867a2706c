import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/**
 * The rendered height of an element, followed as it changes (a line wraps, a notice appears); 0 until measured, and
 * where the browser cannot measure (unit tests without ResizeObserver).
 */
export function useElementHeight(target: Ref<HTMLElement | null>): Ref<number> {
  const height = ref(0)
  let observer: ResizeObserver | null = null
  watch(
    target,
    (element) => {
      observer?.disconnect()
      observer = null
      if (!element || typeof ResizeObserver === 'undefined') return
      observer = new ResizeObserver(() => {
        height.value = element.getBoundingClientRect().height
      })
      observer.observe(element)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => observer?.disconnect())
  return height
}
