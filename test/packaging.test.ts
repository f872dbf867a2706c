import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'

const config = parse(readFileSync(resolve(import.meta.dirname, '../electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>

describe('electron-builder.yml', () => {
  it('sets the hardening fuses on every build', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
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

  it('rebuilds native modules for Electron inside the package, and unpacks them from the archive', () => {
    expect(config.npmRebuild).toBe(true)
    expect(config.asarUnpack).toContain('**/*.node')
  })

  it('names the packaged app Invigil, which names its data directory', () => {
    expect(config.extraMetadata).toEqual({ productName: 'Invigil' })
  })

  it('ships only the built app, and publishes nothing', () => {
    expect(config.files).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!**/*.map'])
    expect(config.publish).toBeNull()
  })

  it('uses only keys electron-builder knows (its own JSON schema), so no setting is silently lost', () => {
    interface Schema {
      properties: Record<string, unknown>
      definitions: Record<string, { properties?: Record<string, unknown> }>
    }
    const schemaFile = createRequire(import.meta.url).resolve('app-builder-lib/scheme.json')
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Schema
    const keysOf = (definition: string): string[] => Object.keys(schema.definitions[definition]?.properties ?? {})
    const sections: Record<string, string> = {
      electronFuses: 'FuseOptionsV1',
      win: 'WindowsConfiguration',
      mac: 'MacConfiguration',
      linux: 'LinuxConfiguration',
      deb: 'DebOptions',
      nsis: 'NsisOptions',
      directories: 'MetadataDirectories',
    }
    expect(Object.keys(config).filter((key) => !(key in schema.properties))).toEqual([])
    for (const [section, definition] of Object.entries(sections)) {
      const keys = Object.keys(config[section] as Record<string, unknown>)
      expect(
        keys.filter((key) => !keysOf(definition).includes(key)),
        section,
      ).toEqual([])
    }
  })
})
