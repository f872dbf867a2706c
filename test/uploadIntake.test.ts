import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../electron/cli/main'
import { createTestStation } from '../electron/core/bundle/testing/sampleBundle'
import type { TestStation } from '../electron/core/bundle/testing/sampleBundle'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import type { ResultsStore } from '../electron/core/results/resultsStore'
import { generatedBundle } from '../electron/core/results/testing/generatedBundles'
import { createBundleIntake } from '../electron/core/upload/bundleIntake'
import { createHttpsTransport } from '../electron/core/upload/bundleTransport'
import { startIntakeServer } from '../electron/core/upload/intakeServer'
import type { RunningIntakeServer } from '../electron/core/upload/intakeServer'
import { Outbox } from '../electron/core/upload/outbox'
import { makeLoopbackTls } from '../electron/core/upload/testing/loopbackTls'
import type { LoopbackTls } from '../electron/core/upload/testing/loopbackTls'

// Outbox → reference intake server → results store, over HTTPS on 127.0.0.1 only.
const root = resolve(import.meta.dirname, '..')
const enrolled = createTestStation()
const foreign = createTestStation()
let tls: LoopbackTls
let store: ResultsStore
let dataDir: string
let server: RunningIntakeServer
let port = 0

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `invigil-${name}-`))
const instant = { sleep: () => Promise.resolve(), random: () => 0 }

async function listen(): Promise<void> {
  server = await startIntakeServer({
    intake: createBundleIntake({ store, dataDir }),
    host: '127.0.0.1',
    port,
    tls: { cert: tls.cert, key: tls.key },
    maxBytes: 64 * 1024,
  })
  port = Number(new URL(server.url).port)
}

function bundleFiles(stations: TestStation[], count: number, seed: string): string[] {
  const dir = tempDir('bundles')
  return Array.from({ length: count }, (_, i) => {
    const file = join(dir, `b${String(i)}.jws`)
    writeFileSync(file, generatedBundle(i, stations, seed).text)
    return file
  })
}

beforeAll(async () => {
  tls = makeLoopbackTls()
  const dir = tempDir('intake')
  dataDir = join(dir, 'intake')
  store = await openResultsStore(join(dir, 'results.db'))
  await store.addTrustedStation({
    stationId: enrolled.stationId,
    publicKeyJwk: enrolled.publicKeyJwk,
    addedAt: new Date().toISOString(),
  })
  await listen()
})

afterAll(async () => {
  await server.close()
  await store.close()
})

function post(
  path: string,
  body: Buffer,
  contentType = 'application/jose',
  method = 'POST',
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(
      `${server.url}${path}`,
      { method, ca: tls.cert, headers: { 'content-type': contentType } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.on('error', fail)
    req.end(body)
  })
}

describe('intake server', () => {
  it('imports what the outbox sends, refuses a foreign station, and survives a restart mid-batch', async () => {
    const files = bundleFiles([enrolled], 6, 'intake-a')
    const [foreignFile = ''] = bundleFiles([foreign], 1, 'intake-foreign')
    const outbox = new Outbox(tempDir('outbox'))
    for (const file of [...files, foreignFile]) await outbox.enqueue(file)
    const transport = createHttpsTransport({ endpoint: server.url, ca: tls.cert, timeoutMs: 5_000 })
    let delivered = 0
    let restarted = false
    try {
      const summary = await outbox.run({
        transport,
        ...instant,
        // The server goes down after two deliveries; the outbox's first backoff wait brings it back.
        onEvent: (event) => {
          if (event.type === 'delivered' && ++delivered === 2) void server.close()
        },
        sleep: async () => {
          if (!restarted && delivered >= 2) {
            restarted = true
            await listen()
          }
        },
      })
      expect(restarted).toBe(true)
      expect(summary).toMatchObject({ delivered: 6, failed: 1, pending: 0 })
    } finally {
      transport.close()
    }
    const status = await outbox.status()
    const parked = status.entries.find((e) => e.state === 'failed')
    expect(parked?.lastError?.code).toBe('REJECTED')
    expect(parked?.lastError?.message).toContain('FOREIGN_STATION')
    expect(status.entries.some((e) => e.lastError?.code === 'ECONNREFUSED' || e.attempts > 1)).toBe(true)
    expect(await store.listResults({ stationId: enrolled.stationId })).toHaveLength(6)
    // A foreign station's bundle is refused with nothing kept: anyone can make one; the sender still has it.
    expect(await store.listQuarantine()).toEqual([])
    expect(existsSync(dataDir)).toBe(false)

    // Another outbox sending the same bundles: each is confirmed as a duplicate, nothing is stored twice.
    const again = new Outbox(tempDir('outbox'))
    for (const file of files) await again.enqueue(file)
    const transport2 = createHttpsTransport({ endpoint: server.url, ca: tls.cert })
    try {
      expect(await again.run({ transport: transport2, ...instant })).toMatchObject({ delivered: 6, failed: 0 })
    } finally {
      transport2.close()
    }
    expect((await again.status()).entries.every((e) => e.delivery?.status === 'duplicate')).toBe(true)
    expect(await store.listResults({ stationId: enrolled.stationId })).toHaveLength(6)
  })

  it('answers 404, 405, 415, 413 and 422 with a reason', async () => {
    expect((await post('/', Buffer.from('x'))).status).toBe(404)
    expect((await post('/bundles', Buffer.alloc(0), 'application/jose', 'GET')).status).toBe(405)
    expect((await post('/bundles', Buffer.from('x'), 'text/plain')).status).toBe(415)
    expect((await post('/bundles', Buffer.alloc(65 * 1024, 65))).status).toBe(413)
    const garbage = await post('/bundles', Buffer.from('not.a.bundle'))
    expect(garbage.status).toBe(422)
    expect(JSON.parse(garbage.body)).toMatchObject({ status: 'rejected', code: 'MALFORMED' })
  })

  it('writes nothing to disk for 20 unauthenticated 1 MB POSTs (garbage, a foreign station, an altered bundle)', async () => {
    const dir = tempDir('intake-flood')
    const floodDataDir = join(dir, 'intake')
    const flooded = await startIntakeServer({
      intake: createBundleIntake({ store, dataDir: floodDataDir }),
      host: '127.0.0.1',
      port: 0,
      tls: { cert: tls.cert, key: tls.key },
      maxBytes: 2 * 1024 * 1024,
    })
    const target = server
    server = flooded
    const quarantinedBefore = await store.listQuarantine()
    const [foreignText = ''] = bundleFiles([foreign], 1, 'flood-foreign').map((file) => readFileSync(file, 'latin1'))
    const [goodText = ''] = bundleFiles([enrolled], 1, 'flood-altered').map((file) => readFileSync(file, 'latin1'))
    const bodies = [
      (i: number) => Buffer.alloc(1024 * 1024, 65 + (i % 26)),
      () => Buffer.from(foreignText),
      () => Buffer.from(`${goodText.slice(0, -8)}AAAAAAAA`),
    ]
    try {
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) => post('/bundles', bodies[i % bodies.length]?.(i) ?? Buffer.alloc(0))),
      )
      expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(422))
      expect(new Set(replies.map((reply) => (JSON.parse(reply.body) as { code: string }).code))).toEqual(
        new Set(['MALFORMED', 'FOREIGN_STATION', 'BAD_SIGNATURE']),
      )
    } finally {
      server = target
      await flooded.close()
    }
    expect(readdirSync(dir)).toEqual([])
    expect(await store.listQuarantine()).toEqual(quarantinedBefore)
  })

  it('listens beyond loopback only with TLS', async () => {
    await expect(
      startIntakeServer({ intake: createBundleIntake({ store, dataDir }), host: '0.0.0.0', port: 0 }),
    ).rejects.toMatchObject({ code: 'INSECURE_LISTEN' })
  })
})

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

describe('invigil intake / upload (CLI)', () => {
  it('enqueues, sends to a spawned `invigil intake`, and reports the status', async () => {
    const dir = tempDir('cli')
    const db = join(dir, 'central.db')
    const pem = join(dir, 'station.pem')
    writeFileSync(pem, enrolled.publicKeyPem)
    expect((await run('results', 'trust', pem, '--db', db)).code).toBe(0)
    const child = spawn(
      process.execPath,
      ['bin/invigil.mjs', 'intake', '--port', '0', '--db', db, '--cert', tls.certFile, '--key', tls.keyFile],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const exited = new Promise<number | null>((done) => child.once('exit', done))
    try {
      const line = await new Promise<string>((done) => createInterface({ input: child.stdout }).once('line', done))
      const url = /listening on (https:\/\/127\.0\.0\.1:\d+)\/bundles/.exec(line)?.[1] ?? ''
      expect(url).not.toBe('')
      const outbox = join(dir, 'outbox')
      const files = bundleFiles([enrolled], 3, 'intake-cli')
      const enqueued = await run('upload', 'enqueue', '--outbox', outbox, ...files)
      expect(enqueued.stdout.match(/^queued: /gm)).toHaveLength(3)
      const sent = await run(
        'upload',
        'run',
        '--outbox',
        outbox,
        '--endpoint',
        url,
        '--ca',
        tls.certFile,
        '--concurrency',
        '2',
      )
      expect(sent.code).toBe(0)
      expect(sent.stdout).toMatch(/delivered=3 failed=0 pending=0 attempts=3\n$/)
      expect((await run('upload', 'status', '--outbox', outbox)).stdout).toBe('pending=0 delivered=3 failed=0\n')
      // Plain HTTP is allowed only to a loopback address (a room on this PC); a name is refused before any connection.
      const insecure = await run(
        'upload',
        'run',
        '--outbox',
        outbox,
        '--endpoint',
        url.replace('https://127.0.0.1', 'http://localhost'),
      )
      expect(insecure).toMatchObject({ code: 1, stderr: expect.stringContaining('results travel only over HTTPS') })
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect((await run('results', 'list', '--db', db)).stderr).toBe(`3 results in ${db}\n`)
  })
})
