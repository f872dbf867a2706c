import { contextBridge } from 'electron'

// Exposes only the API contract (filled in by the UI issue); never ipcRenderer itself.
contextBridge.exposeInMainWorld('invigil', Object.freeze({ transport: 'electron' as const }))
