import type { OsEvent } from '../../electron/core/kiosk/osEventIncident'
import type { BrowserHost } from '../../electron/host/browserHost'
import { rawRequest } from '../../electron/host/testing/httpClient'

/**
 * Stands in for the OS the browser host does not have: the event goes through POST /__test/os-event into the same
 * kiosk incidents the Electron shell feeds. Resolves to whether it reached the live session's log.
 */
export async function reportOsEvent(station: BrowserHost, event: OsEvent): Promise<boolean> {
  const origin = new URL(station.url).origin
  const response = await rawRequest(new URL('/__test/os-event', station.url).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify(event),
  })
  const body = response.json() as { ok: boolean; value?: { recorded: boolean }; error?: { message: string } }
  if (!body.ok || !body.value)
    throw new Error(`/__test/os-event: ${String(response.status)} ${body.error?.message ?? ''}`)
  return body.value.recorded
}
