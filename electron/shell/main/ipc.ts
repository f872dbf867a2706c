import { ipcMain } from 'electron'
import { failure } from '../../core/api/apiErrors'
import { API_CHANNEL } from '../../core/api/ipcChannel'
import type { ApiDispatch } from '../../core/api/stationApi'
import { isAppPage } from '../../core/kiosk/navigationPolicy'

const refused = failure('TRANSPORT_FAILED', 'this page may not call the station')

/**
 * Registers the API over IPC, on the one channel the preload uses: the same dispatcher the browser host uses, behind
 * a check that the calling frame is one of the app's own pages (a frame that navigated elsewhere, or an injected
 * iframe, shares the preload's process but must not reach the session). Returns the unregistration.
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
