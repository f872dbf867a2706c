import type { InvigilBridge } from '@contract'

declare global {
  interface Window {
    /** Set by the Electron preload (electron/shell/preload/index.ts); absent in a browser, where bridge.ts uses HTTP. */
    readonly invigil?: InvigilBridge
  }
}

export {}
