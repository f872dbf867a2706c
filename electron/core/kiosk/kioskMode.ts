/**
 * Whether the window runs locked (kiosk, fullscreen, on top, no devtools). Installed apps always do; `npm start`
 * does too, since it is how a center tries the real thing; only `npm run dev` (a Vite dev server) runs windowed, for
 * layout work. INVIGIL_KIOSK overrides a development build either way, never a packaged one.
 */
export interface KioskModeInput {
  isPackaged: boolean
  /** ELECTRON_RENDERER_URL: set only by electron-vite's dev server. */
  devServerUrl: string | undefined
  /** INVIGIL_KIOSK: '1' locks, '0' unlocks a development build; anything else is ignored. */
  kioskEnv: string | undefined
}

export function kioskModeFor({ isPackaged, devServerUrl, kioskEnv }: KioskModeInput): boolean {
  if (isPackaged) return true
  if (kioskEnv === '1') return true
  if (kioskEnv === '0') return false
  return devServerUrl === undefined
}
