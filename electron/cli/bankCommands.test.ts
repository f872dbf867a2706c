import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankText } from '../core/bank/loadBank'
import { main } from './main'

const root = resolve(import.meta.dirname, '../..')
const banks = (name: string) => join(root, 'test/fixtures/banks', name)
const papers = (name: string) => join(root, 'test/fixtures/import', name)

/** Runs `invigil …` in-process and captures what a terminal would show. */
async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

describe('invigil (in-process)', () => {
  it('prints help on stdout and exits 0, at every level', async () => {
    for (const argv of [
      ['--help'],
      ['bank', '--help'],
      ['bank', 'validate', '--help'],
      ['bank', 'import', '--help'],
      ['bank', 'export', '--help'],
      ['help', 'bank'],
    ]) {
      const { code, stdout } = await run(...argv)
      expect(code, argv.join(' ')).toBe(0)
      expect(stdout, argv.join(' ')).toMatch(/^Usage: invigil/)
    }
  })

  it('exits 2 with one line on stderr for a usage error', async () => {
    for (const argv of [
      ['bogus'],
      ['bank', 'validate'],
      ['bank', 'validate', '--strict', 'x'],
      ['bank', 'import', 'a.txt', '-o', 'b.yaml'],
      ['bank', 'show', 'a', 'b'],
    ]) {
      const { code, stderr } = await run(...argv)
      expect(code, argv.join(' ')).toBe(2)
      expect(stderr.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1)
    }
  })

  it('rejects an import duration that is not whole minutes as a usage error', async () => {
    const { code, stderr } = await run(
      'bank',
      'import',
      '--format',
      'aiken',
      'a.txt',
      '-o',
      'b.yaml',
      '--duration',
      '1.5',
    )
    expect(code).toBe(2)
    expect(stderr).toContain('whole minutes')
  })

  describe('bank validate', () => {
    it('exits 0 for a valid bank, with its size on stdout and nothing on stderr', async () => {
      expect(await run('bank', 'validate', banks('valid/minimal.yaml'))).toEqual({
        code: 0,
        stdout: `ok: ${banks('valid/minimal.yaml')} (5 items, 10 points, 0 warnings)\n`,
        stderr: '',
      })
    })

    it('exits 0 for banks with warnings only, printing each warning on stderr', async () => {
      const { code, stdout, stderr } = await run(
        'bank',
        'validate',
        banks('warnings/declared-count-mismatch.yaml'),
        banks('warnings/scenario-parts-sum.yaml'),
      )
      expect(code).toBe(0)
      expect(stdout).toContain('declared-count-mismatch.yaml (2 items, 3 points, 3 warnings)')
      expect(stdout).toContain('scenario-parts-sum.yaml (1 item, 15 points, 2 warnings)')
      expect(stderr).toContain('declared-count-mismatch.yaml:10:24: warning: section single declares 3 items but has 2')
      expect(stderr).toContain(
        "scenario-parts-sum.yaml:15:17: warning: scenario scenario-1 declares 10 points but its parts add up to 15; grading uses the parts' points",
      )
      expect(stderr).not.toContain(': error:')
    })

    it('exits 1 when any file is invalid, and still reports every file', async () => {
      const bad = banks('malformed/single-key-absent-option.yaml')
      const { code, stdout, stderr } = await run('bank', 'validate', bad, banks('valid/minimal.yaml'))
      expect(code).toBe(1)
      expect(stdout).toBe(
        `invalid: ${bad} (1 error)\nok: ${banks('valid/minimal.yaml')} (5 items, 10 points, 0 warnings)\n`,
      )
      expect(stderr).toBe(
        `${bad}:15:14: error: the key "E" names no option of item q1 (options: A, B) (sections[0].items[0].key)\n` +
          '  hint: set the key to one of the option letters, or add the missing option\n',
      )
    })

    it('--json prints one entry per file and nothing else', async () => {
      const bad = banks('malformed/zero-duration.yaml')
      const { code, stdout, stderr } = await run('bank', 'validate', '--json', banks('valid/minimal.yaml'), bad)
      expect(code).toBe(1)
      expect(stderr).toBe('')
      const report = JSON.parse(stdout) as {
        file: string
        ok: boolean
        diagnostics: { line: number; path: string }[]
      }[]
      expect(report.map(({ file, ok }) => ({ file, ok }))).toEqual([
        { file: banks('valid/minimal.yaml'), ok: true },
        { file: bad, ok: false },
      ])
      expect(report[1]?.diagnostics).toMatchObject([
        { line: 5, column: 19, path: 'duration_minutes', severity: 'error' },
      ])
    })
  })

  describe('bank show', () => {
    it('summarizes a valid bank', async () => {
      const { code, stdout } = await run('bank', 'show', banks('valid/minimal.yaml'))
      expect(code).toBe(0)
      expect(stdout).toContain('total: 5 items, 10 points')
    })

    it('--json prints the validated bank, defaults applied', async () => {
      const { code, stdout } = await run('bank', 'show', '--json', banks('valid/minimal.yaml'))
      expect(code).toBe(0)
      const expected = loadBankText(readFileSync(banks('valid/minimal.yaml'), 'utf8'), 'minimal.yaml').bank
      expect(JSON.parse(stdout)).toEqual(expected)
    })

    it('exits 1 with diagnostics for an invalid bank, printing no summary', async () => {
      const { code, stdout, stderr } = await run('bank', 'show', banks('malformed/duplicate-item-ids.yaml'))
      expect(code).toBe(1)
      expect(stdout).toBe('')
      expect(stderr).toContain('error: duplicate id "q1"')
    })
  })

  describe('bank export / import --format qti', () => {
    const dir = () => mkdtempSync(join(tmpdir(), 'invigil-qti-'))
    const seed = join(root, 'banks/customer-service-interview-2026.yaml')

    it('exports a seed bank as a QTI 3.0 package and imports it back to the same bank file', async () => {
      const work = dir()
      const zip = join(work, 'interview.zip')
      const exported = await run('bank', 'export', '--format', 'qti', seed, '-o', zip)
      expect(exported).toMatchObject({ code: 0, stdout: `wrote ${zip} (QTI 3.0: 34 bank items as 34 QTI items)\n` })
      // The bank's own validator warnings (the paper's declared counts) are shown, as validate shows them.
      expect(exported.stderr).toContain('warning: section scenario declares 5 items but has 4')
      const back = join(work, 'back.yaml')
      const imported = await run('bank', 'import', '--format', 'qti', zip, '-o', back)
      // The same warnings as the original bank, and no importer warning of its own.
      expect(imported.stderr.replaceAll(back, 'BANK')).toBe(exported.stderr.replaceAll(seed, 'BANK'))
      expect(imported).toMatchObject({ code: 0, stdout: `wrote ${back} (34 items, 89 points, 4 warnings)\n` })
      expect(readFileSync(back, 'utf8')).toBe(readFileSync(seed, 'utf8'))
    })

    it('imports a single QTI 2.1 item file', async () => {
      const target = join(dir(), 'one.yaml')
      const { code, stdout } = await run(
        'bank',
        'import',
        '--format',
        'qti',
        join(root, 'test/fixtures/qti/qti21-single.xml'),
        '-o',
        target,
        '--duration',
        '10',
      )
      expect(code).toBe(0)
      expect(stdout).toBe(`wrote ${target} (1 item, 1 point, 0 warnings)\n`)
    })

    it('names an unsupported interaction with file and line, writes nothing, exits 1', async () => {
      const target = join(dir(), 'no.yaml')
      const paper = join(root, 'test/fixtures/qti/qti3-hotspot.xml')
      const { code, stderr } = await run('bank', 'import', '--format', 'qti', paper, '-o', target)
      expect(code).toBe(1)
      expect(stderr).toContain(`${paper}:7:5: error: item "map-click": <qti-hotspot-interaction> is not supported`)
      expect(existsSync(target)).toBe(false)
    })

    it('refuses to export an invalid bank, and to write over the bank', async () => {
      const target = join(dir(), 'x.zip')
      const bad = banks('malformed/bad-item-type.yaml')
      expect(await run('bank', 'export', '--format', 'qti', bad, '-o', target)).toMatchObject({ code: 1 })
      expect(existsSync(target)).toBe(false)
      expect(await run('bank', 'export', '--format', 'qti', seed, '-o', seed)).toMatchObject({ code: 2 })
      expect(await run('bank', 'export', seed, '-o', target)).toMatchObject({ code: 2 })
    })
  })

  describe('bank import', () => {
    const out = () => join(mkdtempSync(join(tmpdir(), 'invigil-import-')), 'bank.yaml')

    it('writes a bank that validates, and reports its size and the warnings', async () => {
      const target = out()
      const { code, stdout, stderr } = await run(
        'bank',
        'import',
        '--format',
        'aiken',
        papers('sample.aiken.txt'),
        '-o',
        target,
        '--id',
        'capitals',
        '--duration',
        '45',
      )
      expect(code).toBe(0)
      expect(stdout).toBe(`wrote ${target} (5 items, 5 points, 0 warnings)\n`)
      expect(stderr).toBe('')
      expect(await run('bank', 'validate', target)).toMatchObject({ code: 0 })
      expect(loadBankText(readFileSync(target, 'utf8'), target).bank).toMatchObject({
        id: 'capitals',
        duration_minutes: 45,
      })
    })

    it('writes nothing and exits 1 when the importer reports an error', async () => {
      const target = out()
      const { code, stdout, stderr } = await run(
        'bank',
        'import',
        '--format',
        'aiken',
        papers('malformed.aiken.txt'),
        '-o',
        target,
      )
      expect(code).toBe(1)
      expect(existsSync(target)).toBe(false)
      expect(stderr).toContain('malformed.aiken.txt:12:1: error: expected option B, found C')
      expect(stdout).toMatch(/^invalid: .*malformed\.aiken\.txt \(\d+ errors[^)]*\); .* not written\n$/)
    })

    it('keeps an existing output file untouched when the import fails', async () => {
      const target = out()
      writeFileSync(target, 'previous bank\n')
      expect((await run('bank', 'import', '--format', 'aiken', papers('malformed.aiken.txt'), '-o', target)).code).toBe(
        1,
      )
      expect(readFileSync(target, 'utf8')).toBe('previous bank\n')
    })

    it('refuses to write over the paper it reads', async () => {
      const paper = join(mkdtempSync(join(tmpdir(), 'invigil-import-')), 'paper.txt')
      writeFileSync(paper, 'What?\nA. x\nB. y\nANSWER: A\n')
      expect(await run('bank', 'import', '--format', 'aiken', paper, '-o', paper)).toMatchObject({ code: 2 })
      expect(readFileSync(paper, 'utf8')).toBe('What?\nA. x\nB. y\nANSWER: A\n')
    })

    it('reports a missing paper as an error, exit 1', async () => {
      const { code, stderr } = await run('bank', 'import', '--format', 'gift', join(root, 'nope.gift'), '-o', out())
      expect(code).toBe(1)
      expect(stderr).toContain('nope.gift: error: no such file')
    })
  })
})
