import { join } from 'node:path'

export interface NativeBindingInput {
  isPackaged: boolean
  appRoot: string
  electronVersion: string
}

/**
 * Where better-sqlite3's addon for Electron lives. node_modules holds the Node build (tests, CLI); in development
 * the Electron build sits in .native/ (scripts/electron-native.mjs). A packaged app was rebuilt for Electron by
 * electron-builder, so the default lookup is right there.
 */
export function sqliteNativeBinding({ isPackaged, appRoot, electronVersion }: NativeBindingInput): string | undefined {
  if (isPackaged) return undefined
  return join(appRoot, '.native', `electron-${electronVersion}`, 'better_sqlite3.node')
}
