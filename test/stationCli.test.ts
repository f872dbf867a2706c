import { execFile } from 'node:child_process'
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateAuthorityKeys } from '../electron/core/package/authorityKeys'
import { tinyBank } from '../electron/core/package/testing/tinyBank'

// `node bin/invigil.mjs` as an exam authority or a station admin runs it. Each spawn costs about a second, so the
// logic is tested in electron/core; these check the wiring, the files written and the exit codes.
const root = resolve(import.meta.dirname, '..')

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs with stdin not a terminal and without the caller's INVIGIL_* secrets, unless a test gives them. */
function invigil(args: string[], secrets: Record<string, string> = {}): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INVIGIL_')))
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['bin/invigil.mjs', ...args],
      { cwd: root, env: { ...env, ...secrets } },
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      },
    )
    child.stdin?.end()
  })
}

let dir: string
const at = (name: string): string => join(dir, name)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-station-cli-'))
  await writeFile(at('bank.json'), JSON.stringify(tinyBank))
  const keygen = await invigil(['authority', 'keygen', '--out', at('authority')])
  expect(keygen).toMatchObject({ code: 0, stdout: expect.stringMatching(/^authority key [0-9a-f]{16}\n/) })
  // The package below encrypts results to the key keygen made, pasted as the authority would.
  const encryptionPub = await readFile(at('authority/authority-encryption.pub.pem'), 'utf8')
  await writeFile(
    at('settings.yaml'),
    `duration_minutes: 45\nresult_encryption_key: |\n${encryptionPub.trimEnd().replace(/^/gm, '  ')}\n`,
  )
})

describe.concurrent('invigil authority, package and station (spawned)', () => {
  it('authority keygen writes private keys only their owner can read, and never overwrites one', async () => {
    for (const name of ['authority.key.pem', 'authority-encryption.key.pem']) {
      if (process.platform !== 'win32') expect((await stat(at(`authority/${name}`))).mode & 0o777, name).toBe(0o600)
    }
    const before = await readFile(at('authority/authority.key.pem'), 'utf8')
    const again = await invigil(['authority', 'keygen', '--out', at('authority')])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already exists; not overwriting/)
    expect(await readFile(at('authority/authority.key.pem'), 'utf8')).toBe(before)

    // A folder holding only an encryption key (bundles may already be sealed to it) is refused as a whole.
    await mkdir(at('half'))
    await writeFile(at('half/authority-encryption.pub.pem'), 'kept')
    expect(await invigil(['authority', 'keygen', '--out', at('half')])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/authority-encryption\.pub\.pem already exists/),
    })
    expect(await readdir(at('half'))).toEqual(['authority-encryption.pub.pem'])
  })

  it('authority keygen makes the X25519 results pair and says where each half goes', async () => {
    const privateKey = createPrivateKey(await readFile(at('authority/authority-encryption.key.pem'), 'utf8'))
    const publicKey = createPublicKey(await readFile(at('authority/authority-encryption.pub.pem'), 'utf8'))
    expect([privateKey.asymmetricKeyType, publicKey.asymmetricKeyType]).toEqual(['x25519', 'x25519'])
    expect(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })).toEqual(
      publicKey.export({ type: 'spki', format: 'der' }),
    )
    const fresh = await invigil(['authority', 'keygen', '--out', at('another')])
    expect(fresh.stdout).toMatch(/authority-encryption\.key\.pem \(secret: .*--authority-key\)\n/)
    expect(fresh.stdout).toMatch(
      /authority-encryption\.pub\.pem \(paste into the package settings as result_encryption_key\)\n$/,
    )
  })

  it('package build signs an encrypted package that verify accepts only under the right authority', async () => {
    const build = [
      'package',
      'build',
      '--bank',
      at('bank.json'),
      '--settings',
      at('settings.yaml'),
      '--sign',
      at('authority/authority.key.pem'),
      '-o',
      at('exam.pkg'),
      '--password',
    ]
    expect(await invigil(build)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/set INVIGIL_PACKAGE_PASSWORD/),
    })
    const built = await invigil(build, { INVIGIL_PACKAGE_PASSWORD: '開考 7391' })
    expect(built).toMatchObject({ code: 0, stdout: expect.stringMatching(/bank tiny, .*encrypted/) })

    await writeFile(at('other.pub.pem'), generateAuthorityKeys().publicKeyPem)
    const [trusted, untrusted] = await Promise.all([
      invigil(['package', 'verify', at('exam.pkg'), '--authority', at('authority/authority.pub.pem')]),
      invigil(['package', 'verify', at('exam.pkg'), '--authority', at('other.pub.pem')]),
    ])
    expect(trusted).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: .*bank tiny.*encrypted/) })
    expect(untrusted).toMatchObject({ code: 1, stdout: expect.stringMatching(/^invalid: .*not trusted here/) })
  })

  it('station init creates a station that show prints without a passphrase', async () => {
    const data = at('station')
    const missing = await invigil(['station', 'show', '--data', data])
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no station has been set up.*invigil station init/),
    })

    const init = await invigil(['station', 'init', '--data', data], {
      INVIGIL_STATION_PASSPHRASE: 'proctor passphrase',
    })
    expect(init).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created station [0-9a-f]{16} in /) })
    const show = await invigil(['station', 'show', '--data', data, '--json'])
    expect(show.code).toBe(0)
    const shown = JSON.parse(show.stdout) as { stationId: string; publicKeyJwk: { x: string }; publicKeyPem: string }
    expect(init.stdout).toContain(shown.stationId)
    expect(shown.publicKeyJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' })
    expect(shown.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
  })
})
