import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../electron/cli/main'
import { createTestStation } from '../electron/core/bundle/testing/sampleBundle'
import { generatedBundle } from '../electron/core/results/testing/generatedBundles'
import { SEED, stations } from '../electron/core/results/testing/resultsTestKit'
import { STORE_TARGETS } from '../electron/core/results/testing/storeTargets'
import type { FreshTarget } from '../electron/core/results/testing/storeTargets'

const root = resolve(import.meta.dirname, '..')

async function invigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ['', '']
  const code = await main(args, { out: (text) => void (out += text), err: (text) => void (err += text) })
  return { code, out, err }
}

/** `station show --json` output for a station, as an admin would save it. */
const showJson = (station: (typeof stations)[number]) =>
  JSON.stringify({
    stationId: station.stationId,
    publicKeyJwk: station.publicKeyJwk,
    publicKeyPem: station.publicKeyPem,
  })

describe.each(STORE_TARGETS)('invigil results on $backend', ({ fresh }) => {
  let scratch: FreshTarget | undefined
  afterEach(async () => {
    await scratch?.cleanup()
    scratch = undefined
  })

  async function exampleDay() {
    scratch = await fresh()
    const dir = scratch.dir
    mkdirSync(join(dir, 'usb', 'lab1'), { recursive: true })
    for (let i = 0; i < 4; i++)
      writeFileSync(join(dir, 'usb', 'lab1', `${String(i)}.jws`), generatedBundle(i, stations, SEED).text)
    writeFileSync(join(dir, 'usb', 'stray.jws'), generatedBundle(9, [createTestStation()], SEED).text)
    writeFileSync(join(dir, 'station-a.json'), showJson(stations[0]))
    writeFileSync(join(dir, 'station-b.pem'), stations[1].publicKeyPem)
    return { db: scratch.target, dir, usb: join(dir, 'usb'), quarantine: join(dir, 'refused') }
  }

  it('enrolls stations, imports a folder, and a second import changes nothing', async () => {
    const { db, dir, usb, quarantine } = await exampleDay()
    expect(await invigil('results', 'trust', '--db', db, join(dir, 'station-a.json'), '--label', 'Lab 1 PC 1')).toEqual(
      { code: 0, out: `enrolled: station ${stations[0].stationId} (Lab 1 PC 1)\n`, err: '' },
    )
    expect((await invigil('results', 'trust', '--db', db, join(dir, 'station-b.pem'))).out).toBe(
      `enrolled: station ${stations[1].stationId}\n`,
    )
    expect((await invigil('results', 'trust', '--db', db, join(dir, 'station-b.pem'))).out).toBe(
      `already enrolled: station ${stations[1].stationId}\n`,
    )

    const first = await invigil('results', 'import', '--db', db, '--quarantine', quarantine, usb)
    expect(first.code).toBe(0)
    expect(first.out).toBe('imported=4 duplicates=0 quarantined=1 (foreign=1 invalid=0)\n')
    expect(first.err).toContain('quarantined FOREIGN_STATION: ')
    expect(first.err).toContain('stray.jws')

    const strict = await invigil('results', 'import', '--db', db, '--quarantine', quarantine, '--strict', '--json', usb)
    expect(strict.code).toBe(1)
    expect(JSON.parse(strict.out)).toMatchObject({ imported: 0, duplicates: 4, quarantined: 1, foreign: 1, invalid: 0 })

    const listed = await invigil('results', 'list', '--db', db, '--json')
    expect((JSON.parse(listed.out) as { candidateId: string }[]).map((r) => r.candidateId)).toEqual([
      'C-00001',
      'C-00002',
      'C-00003',
      'C-00004',
    ])
    expect((await invigil('results', 'list', '--db', db, '--quarantined')).out).toContain('FOREIGN_STATION')

    const csv = join(dir, 'out.csv')
    expect(await invigil('results', 'export', '--db', db, '--format', 'csv', '-o', csv)).toMatchObject({
      code: 0,
      out: `wrote 4 rows to ${csv}\n`,
    })
    expect(readFileSync(csv, 'utf8').split('\r\n')[1]).toMatch(/^cert-2026,C-00001,/)
  })

  it('refuses a wrong format, a missing path and a key that is not one', async () => {
    const { db, dir } = await exampleDay()
    expect(await invigil('results', 'export', '--db', db, '--format', 'pdf', '-o', join(dir, 'x'))).toMatchObject({
      code: 2,
      err: 'invigil: error: --format must be one of csv, xlsx, json\n',
    })
    expect(await invigil('results', 'import', '--db', db, join(dir, 'nowhere'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('no such file or directory'),
    })
    writeFileSync(join(dir, 'junk.pem'), 'not a key')
    expect(await invigil('results', 'trust', '--db', db, join(dir, 'junk.pem'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('expected one PEM public key'),
    })
    expect(existsSync(join(dir, 'x'))).toBe(false)
  })
})

describe('invigil results (spawned)', () => {
  it('runs from bin/invigil.mjs', async () => {
    const scratch = await STORE_TARGETS[0].fresh()
    try {
      const inbox = join(scratch.dir, 'inbox')
      mkdirSync(inbox)
      for (let i = 0; i < 300; i++)
        writeFileSync(join(inbox, `${String(i).padStart(3, '0')}.jws`), generatedBundle(i, stations, SEED).text)
      writeFileSync(join(scratch.dir, 'trust.json'), JSON.stringify(stations.map((s) => s.publicKeyJwk)))
      const run = (...args: string[]) =>
        new Promise<{ code: number; stdout: string }>((done) => {
          execFile(process.execPath, ['bin/invigil.mjs', 'results', ...args], { cwd: root }, (error, stdout) =>
            done({ code: error ? Number(error.code ?? 1) : 0, stdout }),
          )
        })
      expect((await run('trust', '--db', scratch.target, join(scratch.dir, 'trust.json'))).code).toBe(0)
      expect(await run('import', '--db', scratch.target, inbox)).toEqual({
        code: 0,
        stdout: 'imported=300 duplicates=0 quarantined=0 (foreign=0 invalid=0)\n',
      })
    } finally {
      await scratch.cleanup()
    }
  }, 60_000)
})
