import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EnvironmentError } from './environmentError'
import {
  DEFAULT_ENVIRONMENT_POLICY,
  DEFAULT_PROHIBITED_PROCESSES,
  loadEnvironmentPolicy,
  parseEnvironmentPolicy,
} from './environmentPolicy'

describe('parseEnvironmentPolicy', () => {
  it('defaults: one display (warn), VM, remote session and prohibited programs fail', () => {
    expect(DEFAULT_ENVIRONMENT_POLICY).toEqual({
      displays: { max: 1, status: 'warn' },
      virtualMachine: 'fail',
      remoteSession: 'fail',
      prohibitedProcesses: { status: 'fail', rules: DEFAULT_PROHIBITED_PROCESSES },
    })
    expect(parseEnvironmentPolicy('', 'environment.yaml')).toEqual(DEFAULT_ENVIRONMENT_POLICY)
  })

  it('reads YAML, keeping the defaults for what it leaves out and adding its rules to the default list', () => {
    const policy = parseEnvironmentPolicy(
      [
        'displays: { max: 2 }',
        'virtualMachine: warn',
        'prohibitedProcesses:',
        '  rules:',
        '    - label: Calculator',
        '      names: [gnome-calculator, "Calculator*"]',
      ].join('\n'),
      'environment.yaml',
    )
    expect(policy.displays).toEqual({ max: 2, status: 'warn' })
    expect(policy.virtualMachine).toBe('warn')
    expect(policy.remoteSession).toBe('fail')
    expect(policy.prohibitedProcesses.rules.at(-1)).toEqual({
      label: 'Calculator',
      names: ['gnome-calculator', 'Calculator*'],
    })
    expect(policy.prohibitedProcesses.rules).toHaveLength(DEFAULT_PROHIBITED_PROCESSES.length + 1)
  })

  it('reads JSON, and lets a center replace the default list', () => {
    const policy = parseEnvironmentPolicy(
      '{"prohibitedProcesses":{"includeDefaults":false,"status":"warn","rules":[{"label":"X","names":["x"]}]}}',
      'environment.json',
    )
    expect(policy.prohibitedProcesses).toEqual({ status: 'warn', rules: [{ label: 'X', names: ['x'] }] })
  })

  it.each([
    ['virtualMachine: maybe', /virtualMachine: /],
    ['displays: { max: 0 }', /displays\.max: /],
    ['remoteSesion: off', /\(top level\): .*remoteSesion/i],
    ['prohibitedProcesses: { rules: [{ label: X, names: [] }] }', /prohibitedProcesses\.rules\.0\.names: /],
    ['prohibitedProcesses: { rules: [{ label: X, names: ["C:\\\\Tools\\\\x.exe"] }] }', /a name, not a path/],
    ['a: [1, 2', /not YAML or JSON/],
  ])('refuses %s, saying where', (text, message) => {
    let caught: unknown
    try {
      parseEnvironmentPolicy(text, 'environment.yaml')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(EnvironmentError)
    expect(caught).toMatchObject({ code: 'ENVIRONMENT_CONFIG_INVALID' })
    expect((caught as Error).message).toMatch(/^environment\.yaml: /)
    expect((caught as Error).message).toMatch(message)
  })
})

describe('loadEnvironmentPolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'invigil-env-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('uses the defaults when the station has no file', async () => {
    expect(await loadEnvironmentPolicy(join(dir, 'missing.yaml'))).toBe(DEFAULT_ENVIRONMENT_POLICY)
  })

  it('reads the station file', async () => {
    const file = join(dir, 'environment.yaml')
    writeFileSync(file, 'remoteSession: warn\n')
    expect((await loadEnvironmentPolicy(file)).remoteSession).toBe('warn')
  })

  it('refuses a file it cannot read as such', async () => {
    await expect(loadEnvironmentPolicy(dir)).rejects.toMatchObject({ code: 'ENVIRONMENT_CONFIG_INVALID' })
  })
})
