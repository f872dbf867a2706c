import { execFile, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadBankFile } from '../electron/core/bank/loadBank'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { gradeResponses } from '../electron/core/grading/grade'

// `invigil rehearse` as a lab technician runs it, on both seed banks and one station. Each spawn costs a second or
// two, so the steps' logic is tested in electron/core/rehearsal; these check the wiring, files and exit codes.
const root = resolve(import.meta.dirname, '..')
const SEED_BANKS = ['banks/customer-service-interview-2026.yaml', 'banks/it-customer-service-certification-2026.yaml']
const PASSPHRASE = { INVIGIL_STATION_PASSPHRASE: 'lab 4 rehearsal passphrase' }

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

/** What key answers must score: every automatically scored unit in full; every written one waits for a grader. */
async function expectedScore(bankPath: string): Promise<{ total: number; max: number; pending: number }> {
  const { bank } = await loadBankFile(join(root, bankPath))
  if (!bank) throw new Error(`${bankPath} does not load`)
  const { units, max } = gradeResponses(bank, {})
  const auto = units.filter((unit) => unit.method === 'auto')
  return { total: auto.reduce((sum, unit) => sum + unit.max, 0), max, pending: units.length - auto.length }
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-rehearse-cli-'))
})

describe.concurrent('invigil rehearse (spawned)', () => {
  it(
    'rehearses both seed banks on one station, kept in --data, into verifying bundles',
    { timeout: 60_000 },
    async () => {
      const data = join(dir, 'station')
      const out = join(dir, 'results')
      const [first, second] = SEED_BANKS as [string, string]

      const human = await invigil(['rehearse', '--bank', first, '--out', out, '--data', data], PASSPHRASE)
      expect(human.code, human.stderr).toBe(0)
      expect(human.stdout).toMatch(/^✓ station — created station [0-9a-f]{16} in /m)
      expect(human.stdout).not.toMatch(/^✗/m)
      expect(human.stdout).not.toContain(PASSPHRASE.INVIGIL_STATION_PASSPHRASE)
      const firstScore = await expectedScore(first)
      const passed = /^rehearsal passed: score (\S+)\/(\S+), (\d+) pending manual marking; bundle (\S+\.jws)$/m.exec(
        human.stdout,
      )
      expect(passed?.slice(1, 4).map(Number)).toEqual([firstScore.total, firstScore.max, firstScore.pending])
      const firstBundle = passed?.[4] ?? ''

      const show = await invigil(['station', 'show', '--data', data, '--json'])
      const station = JSON.parse(show.stdout) as { stationId: string; publicKeyPem: string }

      const json = await invigil(
        ['rehearse', '--bank', second, '--out', out, '--data', data, '--candidate', 'LAB-4', '--json'],
        PASSPHRASE,
      )
      expect(json.code, json.stderr).toBe(0)
      const result = JSON.parse(json.stdout) as {
        ok: boolean
        summary: { stationId: string; stationCreated: boolean; bundleFile: string; score: unknown }
      }
      expect(result).toMatchObject({
        ok: true,
        summary: { stationId: station.stationId, stationCreated: false, score: await expectedScore(second) },
      })
      expect(result.summary.bundleFile).toMatch(/it-customer-service-certification-2026_LAB-4_ses_[0-9a-f]+\.jws$/)

      const bundles = [firstBundle, result.summary.bundleFile]
      for (const [index, file] of bundles.entries()) {
        const verified = await verifyBundle(await readFile(file))
        if (!verified.ok) throw new Error(verified.reason)
        expect(verified.manifest).toMatchObject({
          station: { id: station.stationId },
          scores: await expectedScore(SEED_BANKS[index] ?? ''),
        })
      }
      const pem = join(dir, 'station.pem')
      await writeFile(pem, station.publicKeyPem)
      const verify = await invigil(['bundle', 'verify', ...bundles, '--trust', pem])
      expect(verify.code, verify.stdout).toBe(0)
      for (const file of bundles) {
        const openssl = spawnSync('bash', [join(root, 'scripts/verify-bundle.sh'), file, pem], { encoding: 'utf8' })
        expect(openssl.stderr).toBe('')
        expect(openssl.stdout).toMatch(/^OK: signature verified; \d+ events chain to [0-9a-f]{64}\n$/)
      }
    },
  )

  it('needs a passphrase for a kept station: without one and without a terminal it is a usage error', async () => {
    const run = await invigil([
      'rehearse',
      '--bank',
      SEED_BANKS[0] ?? '',
      '--out',
      join(dir, 'unused'),
      '--data',
      join(dir, 'no-passphrase'),
    ])
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/set INVIGIL_STATION_PASSPHRASE/) })
  })
})
