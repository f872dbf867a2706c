/**
 * The one API contract between the renderer and the station. Both transports (Electron preload, browser host)
 * carry exactly this; the UI issue fills in the operations.
 */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }

export interface StationInfo {
  appVersion: string
}
