import { spawn } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../electron/cli/main'
import { encryptBundleForAuthority } from '../electron/core/bundle/bundleEncryption'
import type { AuthorityKey } from '../electron/core/bundle/bundleEncryption'
import { createTestStation } from '../electron/core/bundle/testing/sampleBundle'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import type { ResultsStore } from '../electron/core/results/resultsStore'
import { generatedBundle } from '../electron/core/results/testing/generatedBundles'
import { createBundleIntake } from '../electron/core/upload/bundleIntake'
import { startIntakeServer } from '../electron/core/upload/intakeServer'
import { sha256Hex } from '../electron/core/upload/outboxFolder'
import { makeLoopbackTls } from '../electron/core/upload/testing/loopbackTls'
import type { LoopbackTls } from '../electron/core/upload/testing/loopbackTls'

// Bundles encrypted to the exam authority, sent to the intake server with and without the authority's private key.
const root = resolve(import.meta.dirname, '..')
const station = createTestStation()
const authority = generateKeyPairSync('x25519')
const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `invigil-${name}-`))
let tls: LoopbackTls
let store: ResultsStore
let dataDir: string

const sealed = async (index: number, seed: string): Promise<Buffer> =>
  Buffer.from(
    await encryptBundleForAuthority(generatedBundle(index, [station], seed).text, authority.publicKey),
    'ascii',
  )

function post(url: string, body: Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request(
      `${url}/bundles`,
      { method: 'POST', ca: tls.cert, headers: { 'content-type': 'application/jose' } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        )
      },
    )
    req.on('error', fail)
    req.end(body)
  })
}

/** One request to a server started for it, with or without the authority key. */
async function sendTo(authorityPrivateKey: AuthorityKey | undefined, bytes: Buffer) {
  const intake = createBundleIntake({ store, dataDir, ...(authorityPrivateKey ? { authorityPrivateKey } : {}) })
  const server = await startIntakeServer({ intake, host: '127.0.0.1', port: 0, tls: { cert: tls.cert, key: tls.key } })
  try {
    return await post(server.url, bytes)
  } finally {
    await server.close()
  }
}

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  tls = makeLoopbackTls()
  const dir = tempDir('intake-sealed')
  dataDir = join(dir, 'intake')
  store = await openResultsStore(join(dir, 'results.db'))
  await store.addTrustedStation({
    stationId: station.stationId,
    publicKeyJwk: station.publicKeyJwk,
    addedAt: new Date().toISOString(),
  })
})

afterAll(async () => {
  await store.close()
})

describe('intake of bundles encrypted to the exam authority', () => {
  it('refuses one without the key, keeping nothing, saying to pass --authority-key; admits it once the server has the key', async () => {
    const bytes = await sealed(0, 'sealed-a')
    const sha256 = sha256Hex(bytes)

    const refused = await sendTo(undefined, bytes)
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({ sha256, status: 'rejected', code: 'ENCRYPTED' })
    expect(refused.body.reason).toContain('restart it with `invigil intake --authority-key <keyFile>`')
    // Anyone can encrypt to the authority's public key: unopened, it proves nothing, so nothing of it is kept.
    expect(await store.listQuarantine()).toEqual([])
    expect(existsSync(dataDir)).toBe(false)
    expect(await store.listResults()).toEqual([])

    // The same bytes sent again after a restart with the key: verified, stored, and confirmed by their hash.
    const admitted = await sendTo(authority.privateKey, bytes)
    expect(admitted).toEqual({ status: 200, body: { sha256, status: 'imported' } })
    expect(await store.listResults()).toMatchObject([{ encrypted: true, stationId: station.stationId }])
    expect((await sendTo(authority.privateKey, bytes)).body).toEqual({ sha256, status: 'duplicate' })
    expect(existsSync(dataDir)).toBe(false)
  })

  it("refuses one the key does not open, with the verifier's reason", async () => {
    const other = generateKeyPairSync('x25519').privateKey
    const reply = await sendTo(other, await sealed(1, 'sealed-b'))
    expect(reply.status).toBe(422)
    expect(reply.body).toMatchObject({
      code: 'DECRYPTION_FAILED',
      reason: expect.stringContaining('wrong key or altered file'),
    })
  })
})

describe('invigil intake --authority-key', () => {
  it('reads the key as `results import` does, and refuses a file that is not an X25519 private key before listening', async () => {
    const dir = tempDir('intake-key')
    const db = join(dir, 'central.db')
    // The authority's Ed25519 signing key (`authority keygen`) is the likely mix-up: private, but not for encryption.
    const signingKey = join(dir, 'authority.key.pem')
    writeFileSync(signingKey, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }))
    for (const argv of [
      ['intake', '--port', '0', '--db', db, '--authority-key', signingKey],
      ['results', 'import', '--db', db, dir, '--authority-key', signingKey],
    ]) {
      const { code, stderr } = await run(...argv)
      expect(code, argv[0]).toBe(2)
      expect(stderr, argv[0]).toBe(
        `invigil: error: ${signingKey} is not an X25519 private key: give the exam authority's encryption key, whose public half the stations encrypt bundles to\n`,
      )
    }
    const publicKey = join(dir, 'station.pem')
    writeFileSync(publicKey, station.publicKeyPem)
    expect(await run('intake', '--port', '0', '--db', db, '--authority-key', publicKey)).toMatchObject({
      code: 2,
      stderr: `invigil: error: ${publicKey} is not a private key (JWK or PEM)\n`,
    })
    const missing = await run('intake', '--port', '0', '--db', db, '--authority-key', join(dir, 'no-such.pem'))
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read') })
  })

  it('admits an encrypted bundle sent by `upload run` to a spawned `invigil intake --authority-key`', async () => {
    const dir = tempDir('intake-cli-sealed')
    const db = join(dir, 'central.db')
    const stationPem = join(dir, 'station.pem')
    const keyPem = join(dir, 'authority-x25519.pem')
    writeFileSync(stationPem, station.publicKeyPem)
    writeFileSync(keyPem, authority.privateKey.export({ format: 'pem', type: 'pkcs8' }))
    expect((await run('results', 'trust', stationPem, '--db', db)).code).toBe(0)
    const bundle = join(dir, 'sealed.jwe')
    writeFileSync(bundle, await sealed(2, 'sealed-cli'))

    const args = [
      'bin/invigil.mjs',
      'intake',
      '--port',
      '0',
      '--db',
      db,
      '--cert',
      tls.certFile,
      '--key',
      tls.keyFile,
      '--authority-key',
      keyPem,
    ]
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<number | null>((done) => child.once('exit', done))
    try {
      const line = await new Promise<string>((done) => createInterface({ input: child.stdout }).once('line', done))
      expect(line).toContain('opening encrypted bundles')
      const url = /listening on (https:\/\/127\.0\.0\.1:\d+)\/bundles/.exec(line)?.[1] ?? ''
      const outbox = join(dir, 'outbox')
      expect((await run('upload', 'enqueue', '--outbox', outbox, bundle)).code).toBe(0)
      const sent = await run('upload', 'run', '--outbox', outbox, '--endpoint', url, '--ca', tls.certFile)
      expect(sent.stdout).toMatch(/^delivered: sealed\.jwe \(imported, [0-9a-f]{12}…\)$/m)
      expect(sent.code).toBe(0)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect((await run('results', 'list', '--db', db)).stderr).toBe(`1 results in ${db}\n`)
  })
})
