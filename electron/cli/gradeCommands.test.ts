import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
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

const pemPair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}

describe('invigil results grade', () => {
  it('records a grade signed by the enrolled examiner, shows who graded, and refuses another key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invigil-grade-cli-'))
    const db = join(dir, 'results.db')
    const { input, eventLines } = generatedSession(0, SEED) // w1 pending
    mkdirSync(join(dir, 'usb'))
    writeFileSync(join(dir, 'usb', 'a.jws'), writeResultBundle(input, eventLines, stations[0]))
    writeFileSync(join(dir, 'station.pem'), stations[0].publicKeyPem)
    const [examiner, impostor] = [pemPair(), pemPair()]
    writeFileSync(join(dir, 'examiner.pub.pem'), examiner.publicPem)
    writeFileSync(join(dir, 'examiner.pem'), examiner.privatePem)
    writeFileSync(join(dir, 'impostor.pem'), impostor.privatePem)
    await invigil('results', 'trust', '--db', db, join(dir, 'station.pem'))
    await invigil('results', 'import', '--db', db, join(dir, 'usb'))
    const bundleBefore = readFileSync(join(dir, 'usb', 'a.jws'))
    expect(
      (await invigil('results', 'grader', '--db', db, '--name', 'Examiner Chan', join(dir, 'examiner.pub.pem'))).out,
    ).toContain('enrolled')
    const grade = (key: string) =>
      invigil(
        'results', 'grade', '--db', db, '--session', input.session.id, '--item', 'w1', '--score', '4',
        '--grader', 'Examiner Chan', '--reason', 'appeal', '--key', join(dir, key),
      ) // prettier-ignore
    const forged = await grade('impostor.pem')
    expect(forged.code).toBe(1)
    expect(forged.err).toContain("not signed by Examiner Chan's key")
    expect((await grade('examiner.pem')).code).toBe(0)
    const listed = await invigil('results', 'list', '--db', db)
    expect(listed.out).toContain('graded centrally: w1=4 by Examiner Chan')
    expect(listed.out).toContain(`${String(input.scores.total + 4)}/${String(input.scores.max)}`)
    expect(readFileSync(join(dir, 'usb', 'a.jws'))).toEqual(bundleBefore)
  })
})
