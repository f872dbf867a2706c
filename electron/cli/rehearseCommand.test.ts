import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runtimeBank } from '../core/runtime/testing/runtimeFixture'
import { main } from './main'

let dir: string
let bankFile: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-rehearse-cmd-'))
  bankFile = join(dir, 'bank.json')
  writeFileSync(bankFile, JSON.stringify(runtimeBank))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function invigil(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (text) => (out += text), err: (text) => (err += text) })
  return { code, out, err }
}

describe('invigil rehearse (in process)', () => {
  it('without --data, rehearses on a throwaway station with a random passphrase and removes it', async () => {
    const run = await invigil('rehearse', '--bank', bankFile, '--out', join(dir, 'out'))
    expect(run.code, run.out + run.err).toBe(0)
    const station = /^station: throwaway, in (\S+), with a random passphrase \(removed afterwards\)$/m.exec(
      run.out,
    )?.[1]
    expect(station).toBeDefined()
    expect(existsSync(station ?? '')).toBe(false)
    expect(run.out).toMatch(
      /^✓ verify — signature ok; \d+ events chain to [0-9a-f]{16}…; session exported \(\d+ ms\)$/m,
    )
    expect(run.out).toMatch(
      /^rehearsal passed: score 8\/15, 2 pending manual marking; bundle \S+runtime-demo_REHEARSAL-001_ses_[0-9a-f]+\.jws$/m,
    )
  })

  it('prints the located problems of an answers file and exits 1, naming the failed step', async () => {
    const answers = join(dir, 'answers.yaml')
    writeFileSync(answers, 'q1: B\nq7: A\n')
    const run = await invigil('rehearse', '--bank', bankFile, '--out', join(dir, 'out'), '--answers', answers, '--json')
    expect(run.code).toBe(1)
    const result = JSON.parse(run.out) as {
      ok: boolean
      failure: { step: string; code: string }
      diagnostics: { line: number; message: string }[]
    }
    expect(result).toMatchObject({
      ok: false,
      failure: { step: 'answers', code: 'ANSWERS_INVALID' },
      throwawayStation: true,
    })
    expect(result.diagnostics).toMatchObject([
      { line: 2, message: expect.stringMatching(/no item or scenario part "q7"/) },
    ])
  })

  it('takes --bank and --out, or --room with --seat or --standby, --data and --authority; anything else is a usage error', async () => {
    const usage = async (...argv: string[]) => {
      const run = await invigil('rehearse', ...argv)
      return [run.code, run.err.replace(/^invigil: error: /, '')]
    }
    expect(await usage('--out', dir)).toEqual([2, expect.stringMatching(/^rehearse needs --bank and --out/)])
    expect(await usage('--bank', bankFile, '--out', dir, '--seat', 'A-01')).toEqual([
      2,
      expect.stringMatching(/go with --room/),
    ])
    expect(await usage('--room', 'http://127.0.0.1:9', '--seat', 'A-01')).toEqual([
      2,
      expect.stringMatching(/needs --seat \(or --standby\), --data and --authority/),
    ])
    const spare = ['--room', 'http://127.0.0.1:9', '--data', dir, '--authority', bankFile]
    expect(await usage(...spare, '--standby', '--seat', 'A-01')).toEqual([2, expect.stringMatching(/one of them/)])
    expect(await usage(...spare)).toEqual([2, expect.stringMatching(/one of them/)])
    expect(await usage('--bank', bankFile, '--out', dir, '--standby')).toEqual([
      2,
      expect.stringMatching(/go with --room/),
    ])
    const withBank = ['--room', 'http://127.0.0.1:9', '--seat', 'A-01', '--data', dir, '--authority', bankFile]
    expect(await usage(...withBank, '--bank', bankFile)).toEqual([2, expect.stringMatching(/no --bank/)])
    expect((await invigil('rehearse', ...withBank, '--pace-ms', 'soon')).code).toBe(2)
  })
})
