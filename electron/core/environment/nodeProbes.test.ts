import { describe, expect, it } from 'vitest'
import { checkEnvironment } from './checkEnvironment'
import { nodeEnvironmentProbes } from './nodeProbes'

// The real probes on the machine running the tests: whatever it is, every check must answer and explain itself.
describe('nodeEnvironmentProbes', () => {
  const probes = nodeEnvironmentProbes(() => [{ id: 1, width: 1280, height: 800 }])

  it('runs a program without a shell and returns its output', async () => {
    expect(await probes.run(process.execPath, ['-e', 'process.stdout.write("a;b")'])).toEqual({
      ok: true,
      stdout: 'a;b',
    })
  })

  it('reports a program that is not there, or that fails, instead of throwing', async () => {
    expect(await probes.run('invigil-no-such-program', [])).toMatchObject({
      ok: false,
      error: expect.stringContaining('invigil-no-such-program'),
    })
    expect((await probes.run(process.execPath, ['-e', 'process.exit(3)'])).ok).toBe(false)
  })

  it('reads files, and says undefined for one that is not there', async () => {
    expect(await probes.readText(new URL(import.meta.url).pathname)).toContain('nodeEnvironmentProbes')
    expect(await probes.readText('/no/such/file')).toBeUndefined()
  })

  it('checks this machine end to end', async () => {
    const report = await checkEnvironment(probes)
    expect(report.checks.map((check) => check.id)).toEqual([
      'displays',
      'virtual-machine',
      'remote-session',
      'prohibited-processes',
    ])
    for (const check of report.checks) expect(check.summary.length).toBeGreaterThan(0)
  })
})
