import type { InvigilBridge } from '@contract'
import { afterEach, describe, expect, it } from 'vitest'
import { injectBridge, sessionApi } from './client'

afterEach(() => injectBridge(undefined))

describe('api client', () => {
  it('passes method and input to the bridge and its result back', async () => {
    const seen: unknown[] = []
    const bridge: InvigilBridge = {
      call: (method, input) => {
        seen.push([method, input])
        return Promise.resolve({ ok: true, value: { position: 'tf-1' } as never })
      },
    }
    injectBridge(bridge)
    expect(await sessionApi.navigate('tf-1')).toEqual({ ok: true, value: { position: 'tf-1' } })
    expect(seen).toEqual([['session.navigate', { unitId: 'tf-1' }]])
  })

  it('turns a bridge that throws into TRANSPORT_FAILED instead of an exception', async () => {
    injectBridge({ call: () => Promise.reject(new Error('IPC channel closed')) })
    const result = await sessionApi.saveAnswer('single-1', 'A')
    expect(result.ok).toBe(false)
    expect(result.ok ? undefined : result.error.code).toBe('TRANSPORT_FAILED')
  })
})
