import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyBundle } from '../bundle/bundleVerifier'
import { generateResultEncryptionKeys } from '../package/resultEncryptionKey'
import { resolveDeliverySettings } from '../package/packageSettings'
import { bundleFileName } from './bundleFile'
import { fakePackageHash, runtimeBank, runtimeDir } from './testing/runtimeFixture'
import type { RuntimeDir } from './testing/runtimeFixture'
import type { StationRuntime } from './stationRuntime'

// Issue #11: a candidate id over about 141 characters, or a long bank id, made export fail with ENAMETOOLONG, and
// an encrypted bundle's name told who sat. Any ids now give a bounded name, and a .jwe name holds no candidate id.
const MAX_NAME = 143
const longBankId = `bank-${'b'.repeat(195)}`
/** Ids that differ only at their far end, past any share of a file name. */
const longCandidate = (last: string, length = 300): string => `${'候選人 C/'.repeat(20)}${last}`.padEnd(length, 'x')
/** The session service takes candidate ids of up to 200 characters: the longest that can reach an export. */
const LONGEST_SESSION_CANDIDATE = 200

describe('bundleFileName', () => {
  it('keeps short ids as they are, unsafe characters made "-"', () => {
    expect(bundleFileName('exam-1', 'C/001 x', 'ses_ab12', false)).toBe('exam-1_C-001-x_ses_ab12.jws')
    expect(bundleFileName('exam-1', 'C/001 x', 'ses_ab12', true)).toBe('exam-1_ses_ab12.jwe')
  })

  it('bounds the name however long the ids, and two long ids sharing a start still differ', () => {
    const [a, b] = [longCandidate('A'), longCandidate('B')]
    expect(a).toHaveLength(300)
    const names = [a, b].map((candidate) => bundleFileName(longBankId, candidate, 'x'.repeat(500), false))
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(MAX_NAME)
      expect(name).toMatch(/^bank-b+-[0-9a-f]{8}_[A-Za-z0-9._-]+-[0-9a-f]{8}_x+-[0-9a-f]{8}\.jws$/)
    }
    expect(names[0]).not.toBe(names[1])
  })
})

describe('exporting with a 200-character bank id and the longest candidate id a session takes', () => {
  let home: RuntimeDir
  let runtime: StationRuntime | undefined
  beforeEach(() => {
    home = runtimeDir()
  })
  afterEach(async () => {
    await runtime?.close()
    runtime = undefined
    home.cleanup()
  })

  async function exportedNames(encrypted: boolean): Promise<string[]> {
    runtime = await home.open()
    const bank = { ...runtimeBank, id: longBankId }
    expect(bank.id).toHaveLength(200)
    const own = resolveDeliverySettings(bank, {}).settings
    const key = encrypted ? { result_encryption_key: generateResultEncryptionKeys().publicKeyPem } : {}
    const settings = { ...own, ...key }
    runtime.installExam({ bank, settings, packageHash: fakePackageHash(longBankId), source: 'test' })
    const out = join(home.dir, 'stick')
    const names: string[] = []
    for (const last of ['A', 'B']) {
      const candidateId = longCandidate(last, LONGEST_SESSION_CANDIDATE)
      const { sessionId } = runtime.beginSession({ candidateId, name: '陳大文' })
      runtime.sessions.start(sessionId)
      runtime.sessions.submit(sessionId, 'candidate')
      const exported = await runtime.exportBundle(sessionId, out)
      expect(exported.encrypted).toBe(encrypted)
      if (!encrypted) {
        const verified = await verifyBundle(readFileSync(exported.file))
        expect(verified).toMatchObject({ ok: true, manifest: { candidate: { id: candidateId } } })
      }
      names.push(basename(exported.file))
    }
    return names
  }

  it('writes signed bundles with bounded, unique names', async () => {
    const names = await exportedNames(false)
    expect(new Set(names).size).toBe(2)
    for (const name of names) expect(name.length).toBeLessThanOrEqual(MAX_NAME)
  })

  it('writes encrypted bundles whose names hold no candidate id', async () => {
    const names = await exportedNames(true)
    expect(new Set(names).size).toBe(2)
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(MAX_NAME)
      expect(name).toMatch(/^bank-b+-[0-9a-f]{8}_ses_[0-9a-f]{24}\.jwe$/)
      expect(name).not.toMatch(/C-|候選人|x{10}/)
    }
  })
})
