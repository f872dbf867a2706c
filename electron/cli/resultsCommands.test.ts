import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeResultBundle } from '../core/bundle/bundleWriter'
import { generatedSession } from '../core/results/testing/generatedBundles'
import { SEED, stations } from '../core/results/testing/resultsTestKit'
import { main } from './main'

async function invigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ['', '']
  const code = await main(args, { out: (text) => void (out += text), err: (text) => void (err += text) })
  return { code, out, err }
}

describe('invigil results list', () => {
  it('prints a candidate name with a terminal escape sequence escaped, never raw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invigil-results-cli-'))
    const db = join(dir, 'results.db')
    const { input, eventLines } = generatedSession(0, SEED)
    const name = '王小明\u001b[2J\u001b]0;pwned\u0007'
    mkdirSync(join(dir, 'usb'))
    writeFileSync(
      join(dir, 'usb', 'evil.jws'),
      writeResultBundle({ ...input, candidate: { ...input.candidate, name } }, eventLines, stations[0]),
    )
    writeFileSync(join(dir, 'station.pem'), stations[0].publicKeyPem)
    expect((await invigil('results', 'trust', '--db', db, join(dir, 'station.pem'))).code).toBe(0)
    expect((await invigil('results', 'import', '--db', db, join(dir, 'usb'))).out).toMatch(/^imported=1 /)

    const listed = await invigil('results', 'list', '--db', db)
    expect(listed.code).toBe(0)
    expect(listed.out).toContain(`${input.candidate.id}  王小明\\x1b[2J\\x1b]0;pwned\\x07  `)
    expect(listed.out).not.toContain('\u001b')
    expect(listed.out).not.toContain('\u0007')
    // JSON keeps the name exactly, escaped the JSON way.
    const json = JSON.parse((await invigil('results', 'list', '--db', db, '--json')).out) as { candidateName: string }[]
    expect(json[0]?.candidateName).toBe(name)
  })
})
