import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateAuthorityKeys } from '../core/package/authorityKeys'
import { ENV, sittingKit } from '../core/sitting/testing/sittingKit'
import { main } from './main'

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

// The CLI reads staff secrets from its own environment, as an operator's shell would give them.
afterEach(() => {
  for (const name of Object.keys(ENV)) Reflect.deleteProperty(process.env, name)
})

describe('invigil sitting build and verify', () => {
  it('builds from a spec with secrets from the environment, then explains the file without any verifier', async () => {
    const kit = await sittingKit()
    const key = kit.write('authority.key.pem', kit.authority.privateKeyPem)
    const pub = kit.write('authority.pub.pem', kit.authority.publicKeyPem)
    const out = join(kit.dir, 'mock.sitting')

    const unset = await run('sitting', 'build', '--spec', kit.specFile, '--sign', key, '-o', out)
    expect(unset.code).toBe(1)
    expect(unset.stderr).toContain(`${kit.specFile}:21:17: error: TEST_PIN_P01 is not set`)
    expect(unset.stderr).toContain('mock.sitting not written')

    Object.assign(process.env, ENV)
    const built = await run('sitting', 'build', '--spec', kit.specFile, '--sign', key, '-o', out)
    expect(built).toMatchObject({ code: 0, stderr: '' })
    expect(built.stdout).toMatch(
      /^wrote .*mock\.sitting: sitting mock-2026-11, 1 package\(s\), 5 seats, 3 candidates, 2 staff/,
    )
    expect(readFileSync(out, 'utf8')).not.toContain('\n')

    const verified = await run('sitting', 'verify', out, '--authority', pub)
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain('sitting mock-2026-11: Mock exam, room 101')
    expect(verified.stdout).toContain('window: opens 2026-11-23T09:00:00+08:00, closes 2026-11-23T12:00:00+08:00')
    expect(verified.stdout).toMatch(/ {2}tiny: 小測驗, sha256 [0-9a-f]{64}/)
    expect(verified.stdout).toContain('  row 1: A-01 A-02 A-03\n  row 2: B-01 B-02\n')
    expect(verified.stdout).toContain('  A-03  C-002  Ann Lee  (+15 min)')
    expect(verified.stdout).toContain('  P01  Ms Chan  proctor\n  ADM  Mr Lee  admin\n')
    expect(verified.stdout).toContain('environment: displays at most 2 (warn), virtual machine warn')

    const json = await run('sitting', 'verify', out, '--authority', pub, '--json')
    expect(json.code).toBe(0)
    expect(json.stdout).not.toMatch(/verifier|salt|"hash"/)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, sitting: { id: 'mock-2026-11', roster: { count: 3 } } })

    const stranger = kit.write('stranger.pub.pem', generateAuthorityKeys().publicKeyPem)
    const untrusted = await run('sitting', 'verify', out, '--authority', stranger)
    expect(untrusted.code).toBe(1)
    expect(untrusted.stdout).toMatch(
      /^invalid: .*mock\.sitting: SITTING_UNTRUSTED: the sitting is signed by authority key/,
    )
  })

  it('has help for both commands, and a missing option is a usage error', async () => {
    const help = await run('sitting', 'build', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('secret_env')
    expect((await run('sitting', 'verify', 'x.sitting')).code).toBe(2)
  })
})
