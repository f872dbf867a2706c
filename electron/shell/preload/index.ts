import { contextBridge, ipcRenderer } from 'electron'
import type { ApiInput, ApiMethod, ApiOutput, ApiResult, InvigilBridge } from '@contract'
import { API_CHANNEL } from '../../core/api/ipcChannel'

// Exactly the API contract: one call function on the one IPC channel, whose method and input the main process
// validates (electron/shell/main/ipc.ts). Never ipcRenderer itself, nor any other channel.
const bridge: InvigilBridge = {
  call: <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<ApiOutput<M>>> =>
    ipcRenderer.invoke(API_CHANNEL, method, input) as Promise<ApiResult<ApiOutput<M>>>,
}

contextBridge.exposeInMainWorld('invigil', Object.freeze(bridge))
