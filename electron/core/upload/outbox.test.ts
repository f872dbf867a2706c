import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { writeResultBundle } from '../bundle/bundleWriter'
import { createTestStation, sampleBundleInput, sampleEventLines } from '../bundle/testing/sampleBundle'
import { createHttpsTransport } from './bundleTransport'
import type { BundleTransport } from './bundleTransport'
import { Outbox } from './outbox'
import type { RunOptions } from './outboxRun'
import { makeLoopbackTls } from './testing/loopbackTls'
import type { LoopbackTls } from './testing/loopbackTls'
import { startScriptedIntake } from './testing/scriptedIntake'
import type { Behaviour, ScriptedIntake } from './testing/scriptedIntake'

// Every server here listens on 127.0.0.1 only, over HTTPS with a throwaway certificate passed as the CA.
// Time is faked: backoff "sleeps" advance a fake clock at once; only a hung request waits, for its short timeout.
const root = resolve(import.meta.dirname, '../../..')
const station = createTestStation()
let tls: LoopbackTls
let server: ScriptedIntake | undefined
const transports: BundleTransport[] = []

beforeAll(() => {
  tls = makeLoopbackTls()
})
afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close()
  await server?.close()
  server = undefined
})

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `invigil-${name}-`))

/** `count` distinct signed bundles, as files. */
function bundleFiles(count: number, prefix = 'sess'): string[] {
  const dir = tempDir('bundles')
  return Array.from({ length: count }, (_, i) => {
    const sessionId = `${prefix}-${String(i + 1)}`
    const file = join(dir, `${sessionId}.jws`)
    writeFileSync(file, writeResultBundle(sampleBundleInput(sessionId), sampleEventLines(sessionId), station))
    return file
  })
}

async function serve(script: Behaviour[] = []): Promise<ScriptedIntake> {
  server = await startScriptedIntake(tls, script)
  return server
}

/** A transport trusting the test certificate as its CA, unless told not to. */
function transportTo(intake: ScriptedIntake, timeoutMs = 2_000, trustTestCa = true): BundleTransport {
  const transport = createHttpsTransport({ endpoint: intake.url, timeoutMs, ...(trustTestCa ? { ca: tls.cert } : {}) })
  transports.push(transport)
  return transport
}

/** A fake clock that sleeping moves forward, and a fixed "random" for the jitter. */
function fakeTime(): Pick<RunOptions, 'now' | 'sleep' | 'random'> & { slept: number[] } {
  let now = Date.parse('2026-11-23T12:00:00.000Z')
  const slept: number[] = []
  return {
    slept,
    now: () => new Date(now),
    sleep: (ms) => {
      slept.push(ms)
      now += ms
      return Promise.resolve()
    },
    random: () => 0.5,
  }
}

async function enqueueAll(outbox: Outbox, files: string[]): Promise<string[]> {
  const shas: string[] = []
  for (const file of files) shas.push((await outbox.enqueue(file)).sha256)
  return shas
}

const sorted = (values: Iterable<string>) => [...values].sort()

describe('outbox', () => {
  it('delivers every bundle, then drops its copy', async () => {
    const intake = await serve()
    const dir = tempDir('outbox')
    const outbox = new Outbox(dir)
    const shas = await enqueueAll(outbox, bundleFiles(5))
    expect(readdirSync(join(dir, 'bundles'))).toHaveLength(5)
    const events: string[] = []
    const summary = await outbox.run({
      transport: transportTo(intake),
      ...fakeTime(),
      onEvent: (e) => events.push(e.type),
    })
    expect(summary).toEqual({ delivered: 5, failed: 0, pending: 0, attempts: 5, stopped: null })
    expect(sorted(intake.stored.keys())).toEqual(sorted(shas))
    expect(readdirSync(join(dir, 'bundles'))).toEqual([])
    const status = await outbox.status()
    expect([status.pending, status.delivered, status.failed]).toEqual([0, 5, 0])
    expect(status.entries.every((e) => e.delivery?.status === 'imported' && e.delivery.endpoint === intake.url)).toBe(
      true,
    )
    expect(events.filter((e) => e === 'delivered')).toHaveLength(5)
  })

  it('survives a server that fails, resets and hangs for a while, delivering each bundle exactly once', async () => {
    const intake = await serve(['fail500', 'reset', 'store-reset', 'hang', 'fail500', 'store-reset'])
    const outbox = new Outbox(tempDir('outbox'))
    const shas = await enqueueAll(outbox, bundleFiles(6))
    const time = fakeTime()
    const summary = await outbox.run({ transport: transportTo(intake, 500), concurrency: 2, ...time })
    expect(summary).toMatchObject({ delivered: 6, failed: 0, pending: 0, stopped: null })
    expect(summary.attempts).toBe(12)
    // Every bundle is stored once, however many times it was sent; the ones whose reply was lost came back as duplicates.
    expect(sorted(intake.stored.keys())).toEqual(sorted(shas))
    expect([...intake.stored.values()].every((n) => n === 1)).toBe(true)
    const status = await outbox.status()
    expect(status.delivered).toBe(6)
    expect(status.entries.filter((e) => e.delivery?.status === 'duplicate')).toHaveLength(2)
    // Backoff waited between attempts (2 s base, equal jitter at 0.5 → 1.5 s after one failure).
    expect(time.slept.length).toBeGreaterThan(0)
    expect(Math.min(...time.slept.filter((ms) => ms > 0))).toBeGreaterThanOrEqual(1_500)
  })

  it('resumes in a new instance after a run stopped mid-batch', async () => {
    const intake = await serve()
    const dir = tempDir('outbox')
    const shas = await enqueueAll(new Outbox(dir), bundleFiles(5))
    const stop = new AbortController()
    let delivered = 0
    const first = await new Outbox(dir).run({
      transport: transportTo(intake),
      ...fakeTime(),
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === 'delivered' && ++delivered === 2) stop.abort()
      },
    })
    expect(first).toMatchObject({ delivered: 2, pending: 3 })
    const second = await new Outbox(dir).run({ transport: transportTo(intake), ...fakeTime() })
    expect(second).toMatchObject({ delivered: 3, pending: 0, attempts: 3 })
    expect(sorted(intake.stored.keys())).toEqual(sorted(shas))
    expect(intake.requests).toHaveLength(5)
  })

  it('resumes after the sending process is killed mid-request', async () => {
    const intake = await serve(['ok', 'hang'])
    const dir = tempDir('outbox')
    const shas = await enqueueAll(new Outbox(dir), bundleFiles(3))
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/core/upload/testing/outboxChild.ts', dir, intake.url, tls.certFile],
      { cwd: root, stdio: 'ignore' },
    )
    const exited = new Promise((done) => child.once('exit', done))
    await intake.received(2)
    child.kill('SIGKILL')
    await exited
    // Killed with the lock held and the second bundle's attempt counted but unanswered.
    expect(existsSync(join(dir, 'run.lock'))).toBe(true)
    const before = await new Outbox(dir).status()
    expect([before.delivered, before.pending]).toEqual([1, 2])
    expect(before.entries.map((e) => e.attempts).sort()).toEqual([0, 1, 1])

    const summary = await new Outbox(dir).run({ transport: transportTo(intake), ...fakeTime() })
    expect(summary).toMatchObject({ delivered: 2, failed: 0, pending: 0 })
    expect(sorted(intake.stored.keys())).toEqual(sorted(shas))
    expect([...intake.stored.values()].every((n) => n === 1)).toBe(true)
    expect(existsSync(join(dir, 'run.lock'))).toBe(false)
  })

  it('never marks a bundle done when the server confirms another hash; enqueued again, it goes', async () => {
    const intake = await serve(['mismatch'])
    const dir = tempDir('outbox')
    const outbox = new Outbox(dir)
    const [file = ''] = bundleFiles(1)
    const { sha256 } = await outbox.enqueue(file)
    const summary = await outbox.run({ transport: transportTo(intake), ...fakeTime() })
    expect(summary).toMatchObject({ delivered: 0, failed: 1 })
    const [entry] = (await outbox.status()).entries
    expect(entry).toMatchObject({ state: 'failed', delivery: null, lastError: { code: 'HASH_MISMATCH' } })
    expect(readFileSync(join(dir, 'bundles', `${sha256}.jws`))).toEqual(readFileSync(file))

    expect(await outbox.enqueue(file)).toEqual({ sha256, outcome: 'requeued' })
    expect(await outbox.run({ transport: transportTo(intake), ...fakeTime() })).toMatchObject({ delivered: 1 })
  })

  it('parks a bundle as failed after the last attempt, and keeps it', async () => {
    const intake = await serve(Array<Behaviour>(10).fill('fail500'))
    const dir = tempDir('outbox')
    const outbox = new Outbox(dir)
    const [sha256] = await enqueueAll(outbox, bundleFiles(1))
    const summary = await outbox.run({ transport: transportTo(intake), maxAttempts: 3, ...fakeTime() })
    expect(summary).toMatchObject({ delivered: 0, failed: 1, attempts: 3 })
    const status = await outbox.status()
    expect(status.failed).toBe(1)
    expect(status.entries[0]?.lastError?.message).toMatch(/gave up after 3 attempts/)
    expect(existsSync(join(dir, 'bundles', `${sha256 ?? ''}.jws`))).toBe(true)
  })

  it('stops, counting nothing, when the server certificate is not trusted', async () => {
    const intake = await serve()
    const outbox = new Outbox(tempDir('outbox'))
    await enqueueAll(outbox, bundleFiles(2))
    const summary = await outbox.run({ transport: transportTo(intake, 2_000, false), ...fakeTime() })
    expect(summary.stopped?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    expect(summary).toMatchObject({ delivered: 0, failed: 0, pending: 2 })
    expect((await outbox.status()).entries.map((e) => e.attempts)).toEqual([0, 0])
    expect(intake.requests).toEqual([])
  })

  it('refuses an endpoint that is not HTTPS (plain HTTP only to a loopback address), and a file that is not a bundle', async () => {
    for (const endpoint of ['http://192.168.10.5:9', 'http://localhost:9', 'http://[fe80::1]:9', 'ftp://127.0.0.1:9'])
      expect(() => createHttpsTransport({ endpoint }), endpoint).toThrow(
        expect.objectContaining({ code: 'INSECURE_ENDPOINT' }),
      )
    // A room server on this very PC (invigil room serve on loopback): the bytes never leave the machine.
    for (const endpoint of ['http://127.0.0.1:9/room/v1', 'http://[::1]:9']) createHttpsTransport({ endpoint }).close()
    expect(() => createHttpsTransport({ endpoint: 'not a url' })).toThrow(
      expect.objectContaining({ code: 'BAD_ENDPOINT' }),
    )
    const junk = join(tempDir('junk'), 'junk.jws')
    writeFileSync(junk, 'hello')
    await expect(new Outbox(tempDir('outbox')).enqueue(junk)).rejects.toMatchObject({ code: 'NOT_A_BUNDLE' })
  })

  it('takes the same bundle once, and says when it was already delivered', async () => {
    const intake = await serve()
    const outbox = new Outbox(tempDir('outbox'))
    const [file = ''] = bundleFiles(1)
    expect((await outbox.enqueue(file)).outcome).toBe('queued')
    expect((await outbox.enqueue(file)).outcome).toBe('already_queued')
    await outbox.run({ transport: transportTo(intake), ...fakeTime() })
    expect((await outbox.enqueue(file)).outcome).toBe('already_delivered')
  })

  it('lets one run at a time send, and refuses a damaged entry rather than skip it', async () => {
    const intake = await serve(['hang'])
    const dir = tempDir('outbox')
    const outbox = new Outbox(dir)
    const [sha256 = ''] = await enqueueAll(outbox, bundleFiles(1))
    const first = outbox.run({ transport: transportTo(intake, 1_000), ...fakeTime(), maxAttempts: 1 })
    await intake.received(1)
    await expect(new Outbox(dir).run({ transport: transportTo(intake), ...fakeTime() })).rejects.toMatchObject({
      code: 'OUTBOX_IN_USE',
    })
    expect(await first).toMatchObject({ failed: 1 })
    writeFileSync(join(dir, 'entries', `${sha256}.json`), '{"format":')
    await expect(outbox.status()).rejects.toMatchObject({ code: 'CORRUPT_ENTRY' })
  })
})
