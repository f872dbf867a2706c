import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { access } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listExportTargets, usualExportPlaces } from './exportTargets'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-targets-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const folder = (...parts: string[]): string => {
  const path = join(dir, ...parts)
  mkdirSync(path, { recursive: true })
  return path
}

/**
 * A write-protected stick is mounted read-only, and access(W_OK) fails with EROFS even for root. These tests may
 * run as root, where chmod would not stop access, so the read-only mount is simulated at that one call.
 */
const readOnlyAt = (readOnly: string) => ({
  access: (path: string, mode: number) =>
    path === readOnly
      ? Promise.reject(Object.assign(new Error('read-only file system'), { code: 'EROFS' }))
      : access(path, mode),
})

describe('export targets on Linux-style mount folders', () => {
  it('lists each mounted volume with its name, whether it can be written and its free space, and skips what is not a volume', async () => {
    const stick = folder('media', 'alice', 'STICK')
    const readOnly = folder('media', 'alice', 'WRITE-PROTECTED')
    const direct = folder('media', 'usb0')
    const backup = folder('mnt', 'backup')
    folder('media', 'alice', '.hidden')
    writeFileSync(join(dir, 'mnt', 'notes.txt'), 'not a volume')
    const roots = [
      join(dir, 'media', 'alice'),
      join(dir, 'run', 'media', 'alice'),
      join(dir, 'media'),
      join(dir, 'mnt'),
      join(dir, 'no-such-root'),
    ]

    const targets = await listExportTargets({ roots, fs: readOnlyAt(readOnly) })

    expect(targets.map(({ path, label, writable }) => ({ path, label, writable }))).toEqual([
      { path: backup, label: 'backup', writable: true },
      { path: stick, label: 'STICK', writable: true },
      { path: direct, label: 'usb0', writable: true },
      { path: readOnly, label: 'WRITE-PROTECTED', writable: false },
    ])
    for (const target of targets) expect(target.freeBytes, target.label).toBeGreaterThan(0)
  })

  it('lists a volume reached from two mount folders once', async () => {
    const stick = folder('media', 'alice', 'STICK')
    folder('run', 'media', 'alice')
    symlinkSync(stick, join(dir, 'run', 'media', 'alice', 'STICK'))
    const targets = await listExportTargets({
      roots: [join(dir, 'media', 'alice'), join(dir, 'run', 'media', 'alice')],
    })
    expect(targets.map((target) => target.path)).toEqual([stick])
  })

  it('reports no free space, rather than failing, when the file system does not say', async () => {
    folder('media', 'STICK')
    const targets = await listExportTargets({
      roots: [join(dir, 'media')],
      fs: { statfs: () => Promise.reject(new Error('ENOSYS')) },
    })
    expect(targets).toEqual([{ path: join(dir, 'media', 'STICK'), label: 'STICK', writable: true, freeBytes: null }])
  })

  it('finds nothing, without failing, when no mount folder can be read', async () => {
    writeFileSync(join(dir, 'media'), 'a file where a folder should be')
    expect(await listExportTargets({ roots: [join(dir, 'media'), join(dir, 'missing')] })).toEqual([])
  })
})

describe('export targets on macOS', () => {
  it('skips the boot volume, which /Volumes shows as a link to /', async () => {
    const stick = folder('Volumes', 'KINGSTON')
    symlinkSync('/', join(dir, 'Volumes', 'Macintosh HD'))
    const targets = await listExportTargets({ platform: 'darwin', roots: [join(dir, 'Volumes')] })
    expect(targets.map((target) => target.path)).toEqual([stick])
  })
})

describe('export targets on Windows', () => {
  it('offers the drive letters D: to Z: that exist, except the system drive', async () => {
    const present = new Set(['C:\\', 'E:\\', 'F:\\', 'K:\\'])
    const probed: string[] = []
    const targets = await listExportTargets({
      platform: 'win32',
      systemDrive: 'e:',
      fs: {
        stat: (path) => {
          probed.push(path)
          return present.has(path) ? Promise.resolve({ isDirectory: () => true }) : Promise.reject(new Error('ENOENT'))
        },
        access: (path) => (path === 'K:\\' ? Promise.reject(new Error('EROFS')) : Promise.resolve()),
        statfs: () => Promise.resolve({ bavail: 1000, bsize: 4096 }),
      },
    })
    expect(targets).toEqual([
      { path: 'F:\\', label: 'F:', writable: true, freeBytes: 4_096_000 },
      { path: 'K:\\', label: 'K:', writable: false, freeBytes: 4_096_000 },
    ])
    expect(probed).not.toContain('C:\\')
    expect(probed).not.toContain('E:\\')
    expect(probed).toHaveLength(22)
  })
})

describe('the usual places', () => {
  it('looks where each system mounts sticks', () => {
    expect(usualExportPlaces('linux', 'alice', undefined)).toEqual({
      roots: ['/media/alice', '/run/media/alice', '/media', '/mnt'],
      drives: [],
    })
    expect(usualExportPlaces('linux', null, undefined).roots).toEqual(['/media', '/mnt'])
    expect(usualExportPlaces('darwin', 'alice', undefined)).toEqual({ roots: ['/Volumes'], drives: [] })
    const windows = usualExportPlaces('win32', 'alice', 'D:')
    expect(windows.roots).toEqual([])
    expect(windows.drives[0]).toBe('E:\\')
    expect(windows.drives.at(-1)).toBe('Z:\\')
    expect(windows.drives).toHaveLength(22)
  })
})
