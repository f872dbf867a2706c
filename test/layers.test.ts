import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The layer rules live in eslint.config.js; these cases prove they bite where the design says they must.
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') })

async function ruleMessages(ruleId: string, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '..', filePath) })
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message)
}
const restrictedImports = (filePath: string, code: string) =>
  ruleMessages('@typescript-eslint/no-restricted-imports', filePath, code)
const floorErrors = (filePath: string, code: string) => ruleMessages('import-x/no-restricted-paths', filePath, code)
const loopErrors = (filePath: string, code: string) => ruleMessages('invigil/no-import-loop', filePath, code)
const LAYER_RULES = [
  '@typescript-eslint/no-restricted-imports',
  'import-x/no-restricted-paths',
  'invigil/no-import-loop',
]

describe('layer rules', { timeout: 120_000 }, () => {
  it('electron/core imports no Electron', async () => {
    const errors = await restrictedImports(
      'electron/core/bank/probe.ts',
      "import { app } from 'electron'\nexport const a = app\n",
    )
    expect(errors.join('\n')).toMatch(/plain Node/)
  })

  it('electron/core imports nothing from main, preload, host, cli or src', async () => {
    for (const from of ['../../main/windowOptions', '../../host/loopback', '../../cli/main', '../../preload/index']) {
      const errors = await restrictedImports(
        'electron/core/bank/probe.ts',
        `import { x } from '${from}'\nexport const a = x\n`,
      )
      expect(errors, from).toHaveLength(1)
    }
  })

  it('src imports only types from the API contract', async () => {
    expect(
      await restrictedImports(
        'src/api/probe.ts',
        "import type { ApiResult } from '@contract'\nexport type A = ApiResult<1>\n",
      ),
    ).toEqual([])
    const valueImport = await restrictedImports(
      'src/api/probe.ts',
      "import { ApiResult } from '@contract'\nexport const a = ApiResult\n",
    )
    expect(valueImport.join('\n')).toMatch(/only types/)
  })

  it('src never reaches into main-process code or Node', async () => {
    const errors = await restrictedImports(
      'src/api/probe.ts',
      "import { bankSchema } from '../../electron/core/bank/schema'\nimport { readFileSync } from 'node:fs'\nexport const a = [bankSchema, readFileSync]\n",
    )
    expect(errors).toHaveLength(2)
  })

  it('a core folder imports only from the floors below it', async () => {
    // db (floor 2) reaching up into the session service (floor 4): the wrong-way import the ground floor removed.
    const up = await floorErrors(
      'electron/core/db/probe.ts',
      "import { SessionService } from '../session/sessionService'\nexport const a = SessionService\n",
    )
    expect(up.join('\n')).toMatch(/core\/db is on floor 2 and may import only base, crypto, fs/)
    // The shared words sit on the ground floor, which every folder may use.
    expect(
      await floorErrors(
        'electron/core/db/probe.ts',
        "import { systemClock } from '../base/clock'\nexport const a = systemClock\n",
      ),
    ).toEqual([])
    // Folders on one floor never import each other, so folders can form no loop.
    const sideways = await floorErrors(
      'electron/core/package/probe.ts',
      "import { buildDeliveryForm } from '../delivery/deliveryForm'\nexport const a = buildDeliveryForm\n",
    )
    expect(sideways).toHaveLength(1)
    // The ground floor imports nothing else of core.
    const fromBase = await floorErrors(
      'electron/core/base/probe.ts',
      "import { seal } from '../crypto/aead'\nexport const a = seal\n",
    )
    expect(fromBase.join('\n')).toMatch(/may import only nothing else of core/)
  })

  it('the two transports stay apart: shell and host never import each other or the CLI', async () => {
    expect(
      await floorErrors('electron/host/probe.ts', "import { x } from '../shell/main/ipc'\nexport const a = x\n"),
    ).toHaveLength(1)
    expect(
      await floorErrors(
        'electron/shell/main/probe.ts',
        "import { x } from '../../host/browserHost'\nexport const a = x\n",
      ),
    ).toHaveLength(1)
    expect(
      await floorErrors('electron/host/probe.ts', "import { x } from '../cli/main'\nexport const a = x\n"),
    ).toHaveLength(1)
    expect(
      await floorErrors('electron/cli/probe.ts', "import { x } from '../host/browserHost'\nexport const a = x\n"),
    ).toEqual([])
    // The room server stands on the core alone; the CLI may start it.
    expect(
      await floorErrors('electron/room/probe.ts', "import { x } from '../host/browserHost'\nexport const a = x\n"),
    ).toHaveLength(1)
    expect(
      await floorErrors('electron/room/probe.ts', "import { x } from '../cli/main'\nexport const a = x\n"),
    ).toHaveLength(1)
    expect(
      await floorErrors('electron/cli/probe.ts', "import { x } from '../room/roomServer'\nexport const a = x\n"),
    ).toEqual([])
  })

  it('the core imports none of the servers around it, the room server included', async () => {
    const errors = await floorErrors(
      'electron/core/api/probe.ts',
      "import { x } from '../../room/roomServer'\nexport const a = x\n",
    )
    expect(errors.join('\n')).toMatch(/bottom layer/)
  })

  it('a test may compose higher floors to test its module in context', async () => {
    const code = "import { SessionService } from '../session/sessionService'\nexport const a = SessionService\n"
    expect(await floorErrors('electron/core/db/probe.test.ts', code)).toEqual([])
  })

  it('refuses an import loop, type-only imports included', async () => {
    // database.ts imports migrations.ts; migrations.ts importing database.ts back (as it once did) closes a loop.
    const migrations = readFileSync(resolve(import.meta.dirname, '../electron/core/db/migrations.ts'), 'utf8')
    for (const back of [
      "import { openStationDatabase } from './database'",
      "import type { StationDatabase } from './database'",
    ]) {
      const errors = await loopErrors(
        'electron/core/db/migrations.ts',
        `${back}\n${migrations}\nexport const probe: unknown = null\n`,
      )
      expect(errors.join('\n'), back).toMatch(
        /closes an import loop: electron\/core\/db\/migrations\.ts -> electron\/core\/db\/database\.ts -> electron\/core\/db\/migrations\.ts/,
      )
    }
    expect(await loopErrors('electron/core/db/migrations.ts', migrations)).toEqual([])
  })

  it('the tree keeps every layer rule', async () => {
    const results = await eslint.lintFiles(['electron/**/*.ts', 'src/**/*.{ts,vue}'])
    const layerErrors = results.flatMap((r) =>
      r.messages.filter((m) => LAYER_RULES.includes(m.ruleId ?? '')).map((m) => `${r.filePath}: ${m.message}`),
    )
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
    expect((await testBoundary('electron/core/bank/probe.ts', helperImport)).join('\n')).toMatch(
      /test helpers \(testing\/\)/,
    )
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
    expect(
      await testBoundary(
        'bench/probe.ts',
        "import { TEST_PIN } from '../electron/core/session/testing/tempStation'\nexport const a = TEST_PIN\n",
      ),
    ).toEqual([])
    const errors = await testBoundary(
      'bench/probe.ts',
      "import { x } from '../test/seedBanks.test'\nexport const a = x\n",
    )
    expect(errors.join('\n')).toMatch(/not tests or the test\/ folder/)
  })
})
