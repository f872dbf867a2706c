import { ipcMain } from 'electron'
import type { ApiResult } from '../../core/api/contract'
import type { ApiDispatch } from '../../core/api/handlers'
import { isAppPage } from '../../core/kiosk/navigationPolicy'

/** The one channel the preload uses (electron/shell/preload/index.ts); everything the renderer asks goes through it. */
export const API_CHANNEL = 'invigil:api'

const refused: ApiResult<never> = { ok: false, error: { code: 'TRANSPORT_FAILED', message: 'this page may not call the station' } }

/**
 * Registers the API over IPC: the same dispatcher the browser host uses, behind a check that the calling frame is
 * one of the app's own pages (a frame that navigated elsewhere, or an injected iframe, shares the preload's process
 * but must not reach the session). Returns the unregistration.
 */
export function registerApiIpc(dispatch: ApiDispatch, appOrigin: string): () => void {
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isAppPage(event.senderFrame?.url, appOrigin)) {
      console.error(`invigil ipc: refused a call from ${event.senderFrame?.url ?? 'a destroyed frame'}`)
      return refused
    }
    return dispatch(typeof method === 'string' ? method : '', input)
  })
  return () => ipcMain.removeHandler(API_CHANNEL)
}
