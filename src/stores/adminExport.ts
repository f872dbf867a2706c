import type { ApiError, ExportJob } from '@contract'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { adminApi } from '../api/staffClient'
import { useAdminStore } from './admin'

export const EXPORT_POLL_MS = 250

/**
 * Exporting result bundles to a folder: the station runs the export as a job, and this store follows it until it
 * has finished, for the progress bar and the summary.
 */
export const useExportStore = defineStore('adminExport', () => {
  const admin = useAdminStore()
  const job = shallowRef<ExportJob | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const starting = ref(false)
  const running = computed(() => starting.value || job.value?.state === 'running')
  const percent = computed(() =>
    job.value && job.value.total > 0 ? Math.round((job.value.done / job.value.total) * 100) : job.value ? 100 : 0,
  )

  async function follow(jobId: string): Promise<void> {
    while (job.value?.jobId === jobId && job.value.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, EXPORT_POLL_MS))
      const result = await admin.withToken((token) => adminApi.jobStatus(token, jobId))
      if (!result.ok) {
        error.value = result.error
        return
      }
      job.value = result.value
    }
  }

  async function start(outDir: string, sessionIds?: string[]): Promise<void> {
    starting.value = true
    error.value = null
    const result = await admin.withToken((token) => adminApi.exportBundles(token, outDir, sessionIds))
    starting.value = false
    if (!result.ok) {
      error.value = result.error
      return
    }
    job.value = result.value
    await follow(result.value.jobId)
  }

  function reset(): void {
    job.value = null
    error.value = null
  }

  return { job, error, running, percent, start, reset }
})
