import { execFileSync } from 'node:child_process'
import { closeSync, ftruncateSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRegularFile } from './readRegularFile'

const dir = mkdtempSync(join(tmpdir(), 'invigil-regular-'))
const MB = 1024 * 1024

describe('readRegularFile', () => {
  it('reads a regular file within the limit', async () => {
    const file = join(dir, 'small.txt')
    writeFileSync(file, 'hello')
    expect((await readRegularFile(file, 5)).toString()).toBe('hello')
  })

  it('refuses a larger file from its size alone, before opening it', async () => {
    const file = join(dir, 'sparse.bin')
    const fd = openSync(file, 'w')
    ftruncateSync(fd, 700 * MB)
    closeSync(fd)
    const before = process.memoryUsage().rss
    await expect(readRegularFile(file, 32 * MB)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: `${String(700 * MB)} bytes, more than the ${String(32 * MB)} bytes allowed; not read`,
    })
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MB)
  })

  it('does not follow a symbolic link, even to a readable file', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'invigil-outside-')), 'secret.txt')
    writeFileSync(target, 'secret')
    const link = join(dir, 'link.jws')
    symlinkSync(target, link)
    await expect(readRegularFile(link, MB)).rejects.toMatchObject({
      code: 'NOT_A_REGULAR_FILE',
      message: 'not a regular file: a symbolic link (links are not followed)',
    })
  })

  it('refuses a FIFO and a device at once, without waiting on them', async () => {
    const fifo = join(dir, 'pipe.jws')
    execFileSync('mkfifo', [fifo])
    const started = Date.now()
    await expect(readRegularFile(fifo, MB)).rejects.toMatchObject({
      code: 'NOT_A_REGULAR_FILE',
      message: 'not a regular file: a named pipe (FIFO)',
    })
    await expect(readRegularFile('/dev/zero', MB)).rejects.toMatchObject({
      code: 'NOT_A_REGULAR_FILE',
      message: 'not a regular file: a character device',
    })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('says so when the file is missing', async () => {
    await expect(readRegularFile(join(dir, 'absent'), MB)).rejects.toMatchObject({ code: 'UNREADABLE' })
  })
})
