import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../bank/diagnostics'
import { loadPackageSettingsFile, loadPackageSettingsText } from './loadPackageSettings'
import { generateResultEncryptionKeys } from './resultEncryptionKey'
import { tinyBank } from './testing/tinyBank'

const load = (text: string) => loadPackageSettingsText(text, 'settings.yaml', tinyBank)
const messages = (text: string): string[] => load(text).diagnostics.map(formatDiagnostic)

describe('package settings file', () => {
  it('fills in the bank duration and allows accommodations when the file says nothing', () => {
    expect(load('# deliver as authored\n')).toEqual({
      settings: { duration_minutes: 30, accommodations_allowed: true },
      diagnostics: [],
    })
  })

  it('reads YAML and JSON alike', () => {
    const yaml = load(
      'duration_minutes: 40\naccommodations_allowed: false\nshuffle:\n  options: true\nmultiple_scoring: partial\npass_mark: 4\n',
    )
    const json = load(
      '{"duration_minutes": 40, "accommodations_allowed": false, "shuffle": {"options": true}, "multiple_scoring": "partial", "pass_mark": 4}',
    )
    expect(yaml.settings).toEqual({
      duration_minutes: 40,
      accommodations_allowed: false,
      shuffle: { options: true },
      multiple_scoring: 'partial',
      pass_mark: 4,
    })
    expect(json).toEqual(yaml)
  })

  it('locates an unknown key and suggests the one meant', () => {
    expect(messages('duration_minutes: 40\nshuffle:\n  item: true\n')).toEqual([
      'settings.yaml:3:3: error: unknown key "item" (shuffle.item)\n  hint: did you mean "items"?',
    ])
    expect(messages('acommodations_allowed: true\n')).toEqual([
      'settings.yaml:1:1: error: unknown key "acommodations_allowed" (acommodations_allowed)\n  hint: did you mean "accommodations_allowed"?',
    ])
  })

  it('locates wrong values with what was found', () => {
    expect(messages('duration_minutes: "90"\naccommodations_allowed: yes\nmultiple_scoring: partal\n')).toEqual([
      'settings.yaml:1:19: error: duration_minutes must be a number (found "90") (duration_minutes)',
      'settings.yaml:2:25: error: accommodations_allowed must be true or false (found "yes") (accommodations_allowed)',
      'settings.yaml:3:19: error: multiple_scoring must be one of: all_or_nothing, partial (found "partal") (multiple_scoring)\n  hint: did you mean "partial"?',
    ])
    expect(messages('duration_minutes: 0\n')).toEqual([
      'settings.yaml:1:19: error: duration_minutes must be above zero (found the number 0) (duration_minutes)',
    ])
  })

  it('checks the settings against the bank', () => {
    expect(messages('pass_mark: 9\n')).toEqual([
      "settings.yaml:1:12: error: pass_mark 9 is more than the bank's total of 5 points (pass_mark)\n  hint: give a pass mark between 0 and 5",
    ])
  })

  describe('result_encryption_key', () => {
    const encryption = generateResultEncryptionKeys()
    /** As an authority pastes a PEM file: a YAML block scalar on the line after the key. */
    const withKey = (pem: string): string =>
      `duration_minutes: 40\nresult_encryption_key: |\n${pem.trimEnd().replace(/^/gm, '  ')}\n`

    it('carries the X25519 public key exactly as pasted', () => {
      expect(load(withKey(encryption.publicKeyPem)).settings).toEqual({
        duration_minutes: 40,
        accommodations_allowed: true,
        result_encryption_key: encryption.publicKeyPem,
      })
    })

    it('locates a private key, the Ed25519 signing key or other text, without echoing the key', () => {
      const [privateKey] = messages(withKey(encryption.privateKeyPem))
      expect(privateKey).toBe(
        'settings.yaml:2:24: error: result_encryption_key is a private key; a package carries only the public one (result_encryption_key)\n' +
          '  hint: use authority-encryption.pub.pem; authority-encryption.key.pem stays with the exam authority, out of settings files',
      )
      expect(privateKey).not.toContain(encryption.privateKeyPem.split('\n')[1]?.slice(0, 20))
      const signingPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()
      expect(messages(withKey(signingPem))).toEqual([
        'settings.yaml:2:24: error: result_encryption_key is an ed25519 key, not X25519 (result_encryption_key)\n' +
          '  hint: use authority-encryption.pub.pem; authority.pub.pem is the signing key, which cannot encrypt',
      ])
      expect(messages('result_encryption_key: authority-encryption.pub.pem\n')[0]).toMatch(
        /^settings\.yaml:1:24: error: result_encryption_key is not a PEM public key .*\n {2}hint: paste authority-encryption\.pub\.pem/,
      )
      expect(messages('result_encryption_key: 5\n')).toEqual([
        'settings.yaml:1:24: error: result_encryption_key must be text (found the number 5) (result_encryption_key)',
      ])
    })
  })

  it('reports YAML syntax, non-mappings and unreadable files', async () => {
    expect(messages('duration_minutes: [1\n')[0]).toMatch(/^settings\.yaml:\d+:\d+: error: YAML syntax/)
    expect(messages('- 1\n- 2\n')[0]).toMatch(/not a mapping/)
    expect((await loadPackageSettingsFile('/nonexistent/settings.yaml', tinyBank)).diagnostics[0]?.message).toBe(
      'no such file',
    )
  })
})
