import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The layer rules live in eslint.config.js; these cases prove they bite where the design says they must.
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') })

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '..', filePath) })
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message)
}

describe('layer rules', { timeout: 120_000 }, () => {
  it('electron/core imports no Electron', async () => {
    const errors = await restrictedImports('electron/core/bank/probe.ts', "import { app } from 'electron'\nexport const a = app\n")
    expect(errors.join('\n')).toMatch(/plain Node/)
  })

  it('electron/core imports nothing from main, preload, host, cli or src', async () => {
    for (const from of ['../../main/windowOptions', '../../host/loopback', '../../cli/main', '../../preload/index']) {
      const errors = await restrictedImports('electron/core/bank/probe.ts', `import { x } from '${from}'\nexport const a = x\n`)
      expect(errors, from).toHaveLength(1)
    }
  })

  it('src imports only types from the API contract', async () => {
    expect(await restrictedImports('src/api/probe.ts', "import type { ApiResult } from '@contract'\nexport type A = ApiResult<1>\n")).toEqual([])
    const valueImport = await restrictedImports('src/api/probe.ts', "import { ApiResult } from '@contract'\nexport const a = ApiResult\n")
    expect(valueImport.join('\n')).toMatch(/only types/)
  })

  it('src never reaches into main-process code or Node', async () => {
    const errors = await restrictedImports(
      'src/api/probe.ts',
      "import { bankSchema } from '../../electron/core/bank/schema'\nimport { readFileSync } from 'node:fs'\nexport const a = [bankSchema, readFileSync]\n",
    )
    expect(errors).toHaveLength(2)
  })

  it('the core itself is free of those imports', async () => {
    const results = await eslint.lintFiles(['electron/core/**/*.ts', 'src/**/*.{ts,vue}'])
    const layerErrors = results.flatMap((r) => r.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports'))
    expect(layerErrors).toEqual([])
  })
})

describe('test helpers stay with tests', { timeout: 120_000 }, () => {
  async function testBoundary(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '..', filePath) })
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
  }
  const helperImport = "import { tinyBank } from '../package/testing/tinyBank'\nexport const a = tinyBank\n"

  it('a non-test core file may not import a testing/ helper', async () => {
    expect((await testBoundary('electron/core/bank/probe.ts', helperImport)).join('\n')).toMatch(/test helpers \(testing\/\)/)
  })

  it('a test file may', async () => {
    expect(await testBoundary('electron/core/bank/probe.test.ts', helperImport)).toEqual([])
  })

  it('the layer rules still apply to a core file that the test-helper rule also covers', async () => {
    const [result] = await eslint.lintText(`${helperImport}import { app } from 'electron'\nexport const b = app\n`, {
      filePath: resolve(import.meta.dirname, '..', 'electron/core/bank/probe.ts'),
    })
    const rules = (result?.messages ?? []).map((m) => m.ruleId)
    expect(rules).toContain('no-restricted-imports')
    expect(rules).toContain('@typescript-eslint/no-restricted-imports')
  })

  it('a benchmark may borrow a testing/ kit but not import a test', async () => {
    expect(await testBoundary('bench/probe.ts', "import { TEST_PIN } from '../electron/core/session/testing/tempStation'\nexport const a = TEST_PIN\n")).toEqual([])
    const errors = await testBoundary('bench/probe.ts', "import { x } from '../test/seedBanks.test'\nexport const a = x\n")
    expect(errors.join('\n')).toMatch(/not tests or the test\/ folder/)
  })
})
