import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { passphraseProtector } from '../core/crypto/passphraseProtector'
import { openStationRuntime } from '../core/runtime/stationRuntime'
import { stationSittings } from '../core/sitting/testing/stationSittings'
import { main } from './main'
import { STATION_PASSPHRASE_ENV } from './stationCommands'

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

const PASSPHRASE = 'station passphrase for the test'
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-install-sitting-'))
  process.env[STATION_PASSPHRASE_ENV] = PASSPHRASE
})
afterEach(() => {
  Reflect.deleteProperty(process.env, STATION_PASSPHRASE_ENV)
  rmSync(dir, { recursive: true, force: true })
})

describe('invigil station install-sitting', () => {
  it('installs a sitting signed by an authority the station trusts, once, and refuses one it does not', async () => {
    const sittings = await stationSittings()
    // The CLI runs on the real clock: a window open from an hour ago until tomorrow.
    const now = Date.now()
    const text = await sittings.sign((copy) => {
      copy.window = {
        opens_at: new Date(now - 3_600_000).toISOString(),
        closes_at: new Date(now + 86_400_000).toISOString(),
      }
    })
    const file = join(dir, 'mock.sitting')
    writeFileSync(file, text)
    const data = join(dir, 'station')

    const missing = await run('station', 'install-sitting', '--data', data, file)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no station has been set up')

    const runtime = await openStationRuntime({ dataDir: data, protector: passphraseProtector(PASSPHRASE) })
    await runtime.close()
    const untrusted = await run('station', 'install-sitting', '--data', data, file)
    expect(untrusted).toMatchObject({ code: 1, stdout: '' })
    expect(untrusted.stderr).toContain(`authority key ${sittings.kit.authority.keyId}, which is not trusted here`)

    const trusting = await openStationRuntime({ dataDir: data, protector: passphraseProtector(PASSPHRASE) })
    trusting.admin.authorities.add(sittings.kit.authority.publicKeyPem)
    await trusting.close()
    const installed = await run('station', 'install-sitting', '--data', data, file)
    expect(installed).toMatchObject({ code: 0, stderr: '' })
    expect(installed.stdout).toMatch(/^installed sitting mock-2026-11: Mock exam, room 101\n/)
    expect(installed.stdout).toMatch(/exam tiny: 小測驗 \(package sha256 [0-9a-f]{64}\)/)
    expect(installed.stdout).toContain('roster: 3 candidates on 5 seats')
    expect(installed.stdout).toContain('room: 192.168.10.5:8443, TLS certificate sha256')
    expect(installed.stdout).toContain('staff verifiers kept for later (2)')

    const again = await run('station', 'install-sitting', '--data', data, file)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^already installed, nothing changed: sitting mock-2026-11/)
  })
})

describe('invigil station init', () => {
  it('refuses a new station with a 5-character passphrase and creates none; a 12-character one works', async () => {
    const data = join(dir, 'station')
    process.env[STATION_PASSPHRASE_ENV] = 'abcde'
    const short = await run('station', 'init', '--data', data)
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('at least 12 characters (it has 5); nothing was created')
    expect((await run('station', 'show', '--data', data)).code).toBe(1)
    process.env[STATION_PASSPHRASE_ENV] = 'twelve chars'
    const created = await run('station', 'init', '--data', data)
    expect([created.code, created.stdout]).toEqual([0, expect.stringContaining('created station')])
  })
})

describe('invigil results with a --db in a folder that does not exist', () => {
  it('says which folder is missing, in one line with exit 1, not a stack trace', async () => {
    const listed = await run('results', 'list', '--db', join(dir, 'no-such-folder', 'results.db'))
    expect(listed.code).toBe(1)
    expect(listed.stderr).toMatch(/^invigil: error: .*the folder .*no-such-folder does not exist; create it/)
    expect(listed.stderr.split('\n').filter(Boolean)).toHaveLength(1)
  })
})
