import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'

const config = parse(readFileSync(resolve(import.meta.dirname, '../electron-builder.yml'), 'utf8')) as Record<string, unknown>

describe('electron-builder.yml', () => {
  it('sets the hardening fuses on every build', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    expect(config.asar).toBe(true)
  })

  it('builds Windows, macOS and Linux installers', () => {
    expect(config.win).toMatchObject({ target: ['nsis', 'portable'] })
    expect(config.mac).toMatchObject({ target: ['dmg'] })
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] })
  })

  it('rebuilds native modules for Electron inside the package', () => {
    expect(config.npmRebuild).toBe(true)
  })
})
