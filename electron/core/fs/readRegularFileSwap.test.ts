import { execFileSync, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { appendFileSync, existsSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { checkBeforeOpen, readCheckedFile, readRegularFile } from './readRegularFile'

/**
 * The reader's two layers, each attacked on its own: what is swapped in between the lstat check and the open (which
 * the open and the fstat after it must refuse), and what the lstat check must refuse without opening at all.
 */
const MB = 1024 * 1024
const dir = mkdtempSync(join(tmpdir(), 'invigil-swap-'))
let file = ''
let count = 0
const children: ChildProcess[] = []

/** A fresh bundle-like file, checked as the reader checks it before the open. */
function checkedFile(): Stats {
  file = join(dir, `bundle-${String(++count)}.jws`)
  writeFileSync(file, 'bundle')
  return checkBeforeOpen(file, MB)
}

/** `sh -c script` with the given arguments, killed after the test. */
function shell(script: string, ...args: string[]): ChildProcess {
  const child = spawn('sh', ['-c', script, ...args], { stdio: 'ignore' })
  children.push(child)
  return child
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

describe('readRegularFile, when the file is swapped between the check and the open', () => {
  it('refuses a link swapped in, without following it', () => {
    const info = checkedFile()
    const secret = join(mkdtempSync(join(tmpdir(), 'invigil-outside-')), 'secret.txt')
    writeFileSync(secret, 'secret')
    rmSync(file)
    symlinkSync(secret, file)
    expect(() => readCheckedFile(file, info, MB)).toThrow(
      expect.objectContaining({
        code: 'NOT_A_REGULAR_FILE',
        message: 'not a regular file: a symbolic link (links are not followed)',
      }),
    )
  })

  it('refuses another file moved into its place', () => {
    const info = checkedFile()
    const other = join(dir, 'other.jws')
    writeFileSync(other, 'another bundle')
    renameSync(other, file)
    expect(() => readCheckedFile(file, info, MB)).toThrow(
      expect.objectContaining({ code: 'UNREADABLE', message: 'the file was replaced while it was opened' }),
    )
  })

  it('refuses the same file grown past the limit after the check', () => {
    file = join(dir, 'growing.jws')
    writeFileSync(file, 'small')
    const info = checkBeforeOpen(file, 10)
    appendFileSync(file, 'x'.repeat(100))
    expect(() => readCheckedFile(file, info, 10)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }))
  })

  it('refuses a FIFO swapped in at once, where a blocking open would wait for a writer', () => {
    const info = checkedFile()
    rmSync(file)
    execFileSync('mkfifo', [file])
    // A writer that comes only after 2 s: an open that waited for one would take that long.
    shell('sleep 2; exec 3>"$0"', file)
    const started = Date.now()
    // Refused as replaced, or (when the FIFO took the removed file's inode number) by its kind.
    expect(() => readCheckedFile(file, info, MB)).toThrow(expect.objectContaining({ name: 'UntrustedFileError' }))
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('readRegularFile, before the open', () => {
  it('refuses a FIFO from its lstat without opening it: a writer waiting on it stays blocked', async () => {
    const fifo = join(dir, 'pipe.jws')
    const opened = join(dir, 'writer-got-through')
    execFileSync('mkfifo', [fifo])
    // The writer's open blocks until a reader opens the FIFO; then it leaves a mark.
    shell(': > "$1.ready"; exec 3>"$0"; : > "$1"', fifo, opened)
    for (let waited = 0; !existsSync(`${opened}.ready`) && waited < 5000; waited += 20) await sleep(20)
    await sleep(300) // from the mark to the writer's open: microseconds, with room to spare
    await expect(readRegularFile(fifo, MB)).rejects.toMatchObject({
      code: 'NOT_A_REGULAR_FILE',
      message: 'not a regular file: a named pipe (FIFO)',
    })
    await sleep(500)
    expect(existsSync(opened)).toBe(false)
  })
})
