import { contextBridge, ipcRenderer } from 'electron'
import type { ApiInput, ApiMethod, ApiOutput, ApiResult, InvigilBridge } from '@contract'

/** The one IPC channel; the main process validates the method and its input (electron/shell/main/ipc.ts). */
const API_CHANNEL = 'invigil:api'

// Exactly the API contract: one call function. Never ipcRenderer itself, nor any other channel.
const bridge: InvigilBridge = {
  call: <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<ApiOutput<M>>> =>
    ipcRenderer.invoke(API_CHANNEL, method, input) as Promise<ApiResult<ApiOutput<M>>>,
}

contextBridge.exposeInMainWorld('invigil', Object.freeze(bridge))
