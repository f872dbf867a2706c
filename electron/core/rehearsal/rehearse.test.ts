import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Diagnostic } from '../bank/diagnostics'
import { KeyProtectorError } from '../crypto/keyProtector'
import type { KeyProtector } from '../crypto/keyProtector'
import { ManualClock } from '../base/clock'
import { openStationRuntime } from '../runtime/stationRuntime'
import { RUNTIME_BANK_OBJECTIVE_MAX, runtimeBank, testProtector } from '../runtime/testing/runtimeFixture'
import { rehearse } from './rehearse'
import type { RehearsalOptions } from './rehearse'
import { formatStep, REHEARSAL_STEPS } from './rehearsalReport'
import type { RehearsalResult, StepReport } from './rehearsalReport'

const PASSPHRASE = 'correct horse 9f8e7d'

let dir: string
let bankFile: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-rehearse-'))
  bankFile = join(dir, 'bank.json')
  writeFileSync(bankFile, JSON.stringify(runtimeBank, null, 2))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

interface Run {
  result: RehearsalResult
  reported: StepReport[]
  diagnostics: Diagnostic[]
  /** Everything a CLI would print. */
  printed: string
}

async function run(options: Partial<RehearsalOptions> = {}): Promise<Run> {
  const reported: StepReport[] = []
  const diagnostics: Diagnostic[] = []
  const result = await rehearse({
    bankFile,
    outDir: join(dir, 'out'),
    dataDir: join(dir, 'station'),
    protector: testProtector(PASSPHRASE),
    clock: new ManualClock(),
    reporter: { step: (report) => reported.push(report), diagnostics: (found) => diagnostics.push(...found) },
    ...options,
  })
  return { result, reported, diagnostics, printed: [...reported.map(formatStep), JSON.stringify(result)].join('\n') }
}

const stepsOf = (reports: readonly StepReport[]): string[] => reports.map((r) => `${r.ok ? '✓' : '✗'} ${r.step}`)

describe('rehearsal', () => {
  it('runs every step through the runtime, reports each as it completes, and scores key answers fully', async () => {
    const { result, reported, printed } = await run()
    expect(stepsOf(reported)).toEqual(REHEARSAL_STEPS.map((step) => `✓ ${step}`))
    if (!result.ok) throw new Error(result.failure.message)
    expect(result.steps).toEqual(reported)
    expect(result.summary).toMatchObject({
      stationCreated: true,
      examId: 'runtime-demo',
      candidateId: 'REHEARSAL-001',
      answered: 6,
      score: { total: RUNTIME_BANK_OBJECTIVE_MAX, max: 15, pending: 2, passed: null },
    })
    expect(existsSync(result.summary.bundleFile)).toBe(true)
    expect(printed).toMatch(/✓ answer — 6 of 6 units answered \(2 written\) \(0 ms\)/)
    expect(printed).not.toContain(PASSPHRASE)
  })

  it('reuses the station on the next run', async () => {
    const first = await run()
    const second = await run({ candidateId: 'LAB-7' })
    if (!first.result.ok || !second.result.ok) throw new Error('a run failed')
    expect(second.result.summary).toMatchObject({
      stationCreated: false,
      stationId: first.result.summary.stationId,
      candidateId: 'LAB-7',
    })
    expect(second.result.summary.sessionId).not.toBe(first.result.summary.sessionId)
  })

  it('answers from a file instead of the keys, leaving the rest unanswered', async () => {
    const answersFile = join(dir, 'answers.yaml')
    writeFileSync(answersFile, 'q1: A\nq2: [C, A]\ncase.2: 先安撫客戶\n')
    const { result } = await run({ answersFile })
    if (!result.ok) throw new Error(result.failure.message)
    expect(result.summary).toMatchObject({ answered: 3, score: { total: 3, pending: 1 } })
  })

  it('fails loudly at "station" when the key protector cannot unlock the master key, and releases the directory', async () => {
    await run()
    const good = testProtector(PASSPHRASE)
    const locked: KeyProtector = {
      kind: good.kind,
      protect: good.protect,
      unprotect: () => Promise.reject(new KeyProtectorError('UNAVAILABLE', 'the keystore is locked')),
    }
    const { result, reported } = await run({ protector: locked })
    expect(stepsOf(reported)).toEqual(['✓ bank', '✓ answers', '✗ station'])
    expect(result).toMatchObject({
      ok: false,
      failure: { step: 'station', code: 'UNAVAILABLE', message: 'the keystore is locked' },
    })
    const reopened = await openStationRuntime({ dataDir: join(dir, 'station'), protector: good })
    await reopened.close()
  })

  it('fails at "export" when the output directory cannot be written, leaving the session submitted', async () => {
    writeFileSync(join(dir, 'a-file'), '')
    const { result, reported } = await run({ outDir: join(dir, 'a-file', 'out') })
    expect(stepsOf(reported).slice(-3)).toEqual(['✓ submit', '✓ grade', '✗ export'])
    expect(result).toMatchObject({ ok: false, failure: { step: 'export', code: 'EXPORT_FAILED' } })
    if (result.ok || result.sessionId === undefined) throw new Error('the failure names no session')
    const runtime = await openStationRuntime({ dataDir: join(dir, 'station'), protector: testProtector(PASSPHRASE) })
    try {
      expect(runtime.interruptedAtOpen).toEqual([])
      expect(runtime.sessions.snapshot(result.sessionId).state).toBe('submitted')
    } finally {
      await runtime.close()
    }
  })

  it('fails at "bank" with located diagnostics for an invalid bank, before touching the station', async () => {
    writeFileSync(
      bankFile,
      'format: invigil-bank/1\nid: x\ntitle: t\nlanguage: en\nduration_minutes: 0\nsections: []\n',
    )
    const { result, reported, diagnostics } = await run()
    expect(stepsOf(reported)).toEqual(['✗ bank'])
    expect(result).toMatchObject({ ok: false, failure: { step: 'bank', code: 'BANK_INVALID' } })
    expect(diagnostics.length).toBeGreaterThan(0)
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: bankFile, line: expect.any(Number) })
    expect(existsSync(join(dir, 'station'))).toBe(false)
  })
})
