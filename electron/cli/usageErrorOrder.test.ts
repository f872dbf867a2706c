import { describe, expect, it } from 'vitest'
import { main } from './main'

/** Runs `invigil …` in-process and captures what a terminal would show. */
async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

describe('the order of usage errors', () => {
  it('reports a mistyped option as unknown, with the option meant, before the required option it hides', async () => {
    expect(await run('results', 'export', '--db', 'r.db', '--formt', 'csv', '-o', 'out.csv')).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown option '--formt' (Did you mean --format?)\n",
    })
    expect(await run('bank', 'import', '--fromat', 'aiken', 'a.txt', '-o', 'b.yaml')).toMatchObject({
      code: 2,
      stderr: "error: unknown option '--fromat' (Did you mean --format?)\n",
    })
  })

  it('still refuses a missing required option, named as commander names it, before doing anything', async () => {
    expect(await run('results', 'export', '--db', 'r.db', '-o', 'out.csv')).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: required option '--format <format>' not specified\n",
    })
    expect((await run('bank', 'import', 'a.txt', '-o', 'b.yaml')).stderr).toBe(
      "error: required option '--format <format>' not specified\n",
    )
  })

  it('keeps an unknown command with its suggestion on one line', async () => {
    const { code, stderr } = await run('bnak')
    expect(code).toBe(2)
    expect(stderr).toBe("error: unknown command 'bnak' (Did you mean bank?)\n")
  })
})
