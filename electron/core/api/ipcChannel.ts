/**
 * The one IPC channel between the preload and the main process. Its own tiny module, free of imports, because the
 * sandboxed preload bundles it into its single CommonJS file (electron/shell/preload) and the main process
 * registers the API on it (electron/shell/main/ipc.ts).
 */
export const API_CHANNEL = 'invigil:api'
