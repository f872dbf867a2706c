import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `invigil host` as a developer runs it: spawned, printing its URL, answering over HTTP, stopping on SIGTERM.
const root = resolve(import.meta.dirname, '..')
const BANK = join(root, 'banks/it-customer-service-certification-2026.yaml')
const PASSPHRASE = { INVIGIL_STATION_PASSPHRASE: 'host cli passphrase' }
let dir: string
let rendererDir: string

/** The caller's INVIGIL_* secrets never leak into a test run; stdin is not a terminal. */
const cleanEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INVIGIL_'))),
  ...extra,
})

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['bin/invigil.mjs', ...args],
      { cwd: root, env: cleanEnv(env) },
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      },
    )
    child.stdin?.end()
  })
}

interface RunningHost {
  url: string
  stderr(): string
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>
}

/** Spawns `invigil host --port 0 ... ARGS` and waits for the URL it prints. */
async function startHost(args: string[]): Promise<RunningHost> {
  const all = ['host', '--port', '0', '--renderer', rendererDir, ...args]
  const child = spawn(process.execPath, ['bin/invigil.mjs', ...all], {
    cwd: root,
    env: cleanEnv(PASSPHRASE),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  const url = await new Promise<string>((found, failed) => {
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)
      if (match?.[1]) found(match[1])
    })
    void exited.then((code) => failed(new Error(`host exited (${String(code)}) before printing a URL: ${stderr}`)))
  })
  return {
    url,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}

async function callApi(url: string, method: string): Promise<unknown> {
  const response = await fetch(new URL(`/api/${method}`, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(url).origin },
    body: '{}',
  })
  return await response.json()
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-host-cli-'))
  rendererDir = join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Invigil</title>')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.concurrent('invigil host (spawned)', () => {
  it('prints its URL for --port 0, serves the page and the API, and stops cleanly on SIGTERM', async () => {
    const host = await startHost(['--data', join(dir, 'station'), '--bank', BANK])
    try {
      expect(host.url).not.toMatch(/:0\/$/)
      const page = await fetch(host.url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<title>Invigil</title>')
      expect(await callApi(host.url, 'station.status')).toMatchObject({
        ok: true,
        value: { exam: { id: 'it-customer-service-certification-2026' }, transport: 'browser-host' },
      })
      expect(host.stderr()).toMatch(/exam it-customer-service-certification-2026 .* installed/)
    } finally {
      expect(await host.stop()).toBe(0)
    }
    expect(host.stderr()).toMatch(/stopped \(SIGTERM\)/)
  })

  it('--demo offers the seed exams, signed by a demo authority it names as such, kept in DATA/demo', async () => {
    const data = join(dir, 'demo-station')
    const host = await startHost(['--data', data, '--demo'])
    try {
      const warning =
        /DEMO: 2 seed exam\(s\) signed by demo authority ([0-9a-f]{16}).*never trust it on a real station/.exec(
          host.stderr(),
        )
      expect(warning, host.stderr()).not.toBeNull()
      expect(await callApi(host.url, 'admin.setupStatus')).toMatchObject({
        ok: true,
        value: { setUp: false, demoAuthority: { keyId: warning?.[1] } },
      })
      expect(existsSync(join(data, 'demo', 'it-customer-service-certification-2026.invigil-pkg'))).toBe(true)
    } finally {
      expect(await host.stop()).toBe(0)
    }
  })

  it('refuses to create a station without a passphrase, saying how to give one', async () => {
    const result = await run(['host', '--port', '0', '--data', join(dir, 'new-station'), '--renderer', rendererDir])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/holds no station yet.*INVIGIL_STATION_PASSPHRASE/)
  })

  it('says to build the renderer when it is missing, and refuses non-loopback addresses', async () => {
    const [missing, exposed, badPort] = await Promise.all([
      run(['host', '--port', '0', '--data', join(dir, 'other'), '--renderer', join(dir, 'nope')], PASSPHRASE),
      run(
        ['host', '--port', '0', '--data', join(dir, 'other'), '--bind', '0.0.0.0', '--renderer', rendererDir],
        PASSPHRASE,
      ),
      run(['host', '--port', 'eighty', '--data', join(dir, 'other')], PASSPHRASE),
    ])
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/npx electron-vite build/) })
    expect(exposed).toMatchObject({ code: 1, stderr: expect.stringMatching(/loopback only/) })
    expect(badPort.code).toBe(2)
  })
})
