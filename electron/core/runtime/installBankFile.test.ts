import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as loadBank from '../bank/loadBank'
import { installBankFile } from './installBankFile'
import { installInput, runtimeBank, runtimeDir } from './testing/runtimeFixture'
import type { RuntimeDir } from './testing/runtimeFixture'
import type { StationRuntime } from './stationRuntime'

// The parser, counted: a host restart with the installed bank file must not parse it again.
vi.mock('../bank/loadBank', async (actual) => {
  const real = await actual<typeof loadBank>()
  return { ...real, loadBankFile: vi.fn(real.loadBankFile) }
})

// Issue #11: points adding up to Infinity and a 2^53-minute duration validated "ok" and then could never be exported.
// The bounds are the bank schema's, so installing refuses them as `bank validate` does: located, before any session.
let home: RuntimeDir
let runtime: StationRuntime | undefined
beforeEach(() => {
  home = runtimeDir()
})
afterEach(async () => {
  await runtime?.close()
  runtime = undefined
  home.cleanup()
})

const unbounded = [
  'format: invigil-bank/1',
  'id: unbounded',
  'title: Unbounded',
  'language: en',
  `duration_minutes: ${String(2 ** 53)}`, // line 5
  'sections:',
  '  - id: s',
  '    title: S',
  '    items:',
  '      - id: q1',
  '        type: true_false',
  '        stem: One',
  '        points: 1e308', //                  line 13
  '        key: true',
  '      - id: q2',
  '        type: true_false',
  '        stem: Two',
  '        points: 1e308', //                  line 18
  '        key: false',
].join('\n')

describe('installing a bank past the bounds', () => {
  it('refuses the bank file with file:line errors, and installs nothing', async () => {
    runtime = await home.open()
    const path = join(home.dir, 'unbounded.yaml')
    writeFileSync(path, unbounded)
    const refusal = await installBankFile(runtime, path).then(
      () => undefined,
      (error: unknown) => error as { code?: string; message: string },
    )
    expect(refusal?.code).toBe('EXAM_INVALID')
    expect(refusal?.message).toContain(`${path}:5:19: error: duration_minutes must be at most 1440`)
    expect(refusal?.message).toContain(`${path}:13:17: error: points must be at most 100000`)
    expect(refusal?.message).toContain(`${path}:18:17: error: points must be at most 100000`)
    expect(runtime.installedExam()).toBeUndefined()
  })

  it('refuses the same bank handed over as an object (a package), naming where', async () => {
    const open = await home.open()
    runtime = open
    const [section] = runtimeBank.sections
    if (!section) throw new Error('the runtime bank has a section')
    const bank = {
      ...runtimeBank,
      sections: [{ ...section, items: section.items.map((i) => ({ ...i, points: 1e308 })) }],
    }
    const refusal = (() => {
      try {
        open.installExam(installInput(bank))
      } catch (error) {
        return error as { code?: string; message: string }
      }
      return undefined
    })()
    expect(refusal).toMatchObject({
      code: 'EXAM_INVALID',
      message: expect.stringMatching(/sections\.0\.items\.0\.points/),
    })
    expect(open.installedExam()).toBeUndefined()
  })
})

describe('installing a bank file again (every host start with --bank)', () => {
  it('skips parsing when the file is the installed exam byte for byte, and parses a changed file', async () => {
    runtime = await home.open()
    const path = join(home.dir, 'bank.json')
    writeFileSync(path, JSON.stringify(runtimeBank))
    const parse = vi.mocked(loadBank.loadBankFile)
    parse.mockClear()
    const first = await installBankFile(runtime, path)
    expect([first.installed, parse.mock.calls.length]).toEqual([true, 1])

    const again = await installBankFile(runtime, path)
    expect(again).toEqual({ exam: first.exam, installed: false })
    expect(parse).toHaveBeenCalledTimes(1)

    // One changed byte is a different bank: parsed, validated and installed.
    writeFileSync(path, JSON.stringify({ ...runtimeBank, title: `${runtimeBank.title}!` }))
    const changed = await installBankFile(runtime, path)
    expect(parse).toHaveBeenCalledTimes(2)
    expect([changed.installed, changed.exam.title]).toEqual([true, `${runtimeBank.title}!`])
  })
})
