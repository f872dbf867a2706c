/** The built renderer's files: served by the core's code, shared with the room console (core/kiosk/rendererFiles.ts). */
export { resolveRendererFile, serveRendererFile } from '../core/kiosk/rendererFiles'
