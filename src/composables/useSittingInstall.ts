import type { ApiError, ApiResult, SittingInstallResult } from '@contract'
import { ref, shallowRef } from 'vue'
import { useAdminStore } from '../stores/admin'

/**
 * One sitting install as the admin console runs it, from a file or from the room: busy while it runs, then the
 * refusal or what was installed, and the overview refreshed after a success.
 */
export function useSittingInstall() {
  const admin = useAdminStore()
  const working = ref(false)
  const failure = shallowRef<ApiError | null>(null)
  const result = shallowRef<SittingInstallResult | null>(null)

  async function run(call: (token: string) => Promise<ApiResult<SittingInstallResult>>): Promise<void> {
    working.value = true
    const outcome = await admin.withToken(call)
    working.value = false
    failure.value = outcome.ok ? null : outcome.error
    if (!outcome.ok) return
    result.value = outcome.value
    await admin.refreshOverview()
  }

  function clear(): void {
    failure.value = null
    result.value = null
  }

  return { working, failure, result, run, clear }
}
