import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ScryptParams } from '../../crypto/secretHash'
import { generateAuthorityKeys } from '../../package/authorityKeys'
import type { AuthorityKeys } from '../../package/authorityKeys'
import { buildPackage } from '../../package/examPackage'
import { tinyBank } from '../../package/testing/tinyBank'
import { buildSittingFromSpec } from '../buildSitting'
import type { SittingBuild } from '../buildSitting'

/**
 * A sitting spec in a temp directory, with everything it names: a tiny package signed by a fresh authority, a
 * seated roster, a room key. Tests overwrite one file to break one thing and check what the build says.
 */
export const FAST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 }
export const now = new Date('2026-11-20T08:00:00.000Z')
export const PROCTOR_PIN = '24681357'
export const ADMIN_PASSWORD = 'correct horse battery'

export const SPEC = `id: mock-2026-11
title: Mock exam, room 101
window:
  opens_at: 2026-11-23T09:00:00+08:00
  closes_at: 2026-11-23T12:00:00+08:00
packages:
  - tiny.invigil-package
roster: roster.csv
seats:
  - row: 1
    labels: [A-01, A-02, ~, A-03]
  - row: 2
    labels: [b-01, B-02]
environment:
  displays: { max: 2, status: warn }
  virtualMachine: warn
staff:
  - id: P01
    name: Ms Chan
    role: proctor
    secret_env: TEST_PIN_P01
  - id: ADM
    name: Mr Lee
    role: admin
    secret_env: TEST_PASSWORD_ADM
room:
  key: room.pub.pem
  tls_sha256: "AB:${'CD:'.repeat(30)}EF"
  address: 192.168.10.5:8443
`

export const ROSTER =
  'candidate_id,name,seat,extra_minutes\nC-001,陳大文,A-01,\nC-002,Ann Lee,a-03,15\nC-003,Bo,B-01,\n'

export const ENV = { TEST_PIN_P01: PROCTOR_PIN, TEST_PASSWORD_ADM: ADMIN_PASSWORD }

export interface SittingKit {
  dir: string
  authority: AuthorityKeys
  specFile: string
  /** Writes (or overwrites) a file in the kit's directory and returns its path. */
  write(name: string, content: string): string
  /** Builds the kit's spec with its authority, the given environment and cheap scrypt. */
  build(env?: Record<string, string | undefined>): Promise<SittingBuild>
}

export async function sittingKit(): Promise<SittingKit> {
  const dir = mkdtempSync(join(tmpdir(), 'invigil-sitting-'))
  const authority = generateAuthorityKeys()
  const write = (name: string, content: string): string => {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }
  write(
    'tiny.invigil-package',
    await buildPackage({ bank: tinyBank, authorityPrivateKeyPem: authority.privateKeyPem, now }),
  )
  write('roster.csv', ROSTER)
  write('room.pub.pem', generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString())
  const specFile = write('sitting.yaml', SPEC)
  return {
    dir,
    authority,
    specFile,
    write,
    build: (env = ENV) =>
      buildSittingFromSpec({
        specFile,
        authorityPrivateKeyPem: authority.privateKeyPem,
        env,
        now,
        scryptParams: FAST_SCRYPT,
      }),
  }
}
