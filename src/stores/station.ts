import type { ApiError, StationStatus } from '@contract'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { stationApi } from '../api/client'

/** What this station offers: the installed exam (or none) and how the UI reaches the core. */
export const useStationStore = defineStore('station', () => {
  const status = shallowRef<StationStatus | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const loading = ref(false)

  async function hydrate(): Promise<void> {
    loading.value = true
    const result = await stationApi.status()
    loading.value = false
    status.value = result.ok ? result.value : null
    error.value = result.ok ? null : result.error
  }

  function reset(): void {
    status.value = null
    error.value = null
    loading.value = false
  }

  return { status, error, loading, hydrate, reset }
})
