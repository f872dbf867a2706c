import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { access, readdir, realpath, stat, statfs } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listExportTargets, usualExportPlaces } from './exportTargets'
import type { RemovableProbe } from './removableProbe'

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

/** The system's mount folders (/media, /mnt, ...) as folders in `base`; paths already in `base` are left alone. */
const mountFoldersIn = (base: string) => {
  const at = (path: string): string => (path.startsWith(base) ? path : join(base, path))
  return {
    readdir: (path: string) => readdir(at(path)),
    realpath: (path: string) => realpath(at(path)),
    stat: (path: string) => stat(at(path)),
    access: (path: string, mode: number) => access(at(path), mode),
    statfs: (path: string) => statfs(at(path)),
  }
}

/** A system that answers as given; null answers mean "could not be asked". */
const probeSaying = (answers: {
  linux?: string[] | null
  mac?: Record<string, boolean | null>
  windows?: string[] | null
}): RemovableProbe & { asked: string[] } => {
  const asked: string[] = []
  return {
    asked,
    linuxMounts: () => (asked.push('linux'), Promise.resolve(answers.linux ?? null)),
    macVolume: (path) => (asked.push(path), Promise.resolve(answers.mac?.[path] ?? null)),
    windowsDrives: () => (asked.push('windows'), Promise.resolve(answers.windows ?? null)),
  }
}

describe('export targets on Linux, as the system reports removable devices', () => {
  it('lists the removable mounts wherever they are, and not a sandbox or system mount under /mnt', async () => {
    const stick = folder('media', 'alice', 'KINGSTON')
    const card = folder('run', 'media', 'alice', 'SD CARD')
    folder('mnt', 'sandboxing')
    const probe = probeSaying({ linux: [stick, card, join(dir, 'media', 'gone')] })
    const targets = await listExportTargets({ platform: 'linux', probe, fs: mountFoldersIn(dir) })
    expect(targets.map(({ path, label }) => ({ path, label }))).toEqual([
      { path: stick, label: 'KINGSTON' },
      { path: card, label: 'SD CARD' },
    ])
    expect(probe.asked).toEqual(['linux'])
  })

  it('offers nothing when the system says no device is removable', async () => {
    folder('mnt', 'sandboxing')
    folder('media', 'alice', 'NOT-A-STICK')
    const targets = await listExportTargets({
      platform: 'linux',
      probe: probeSaying({ linux: [] }),
      fs: mountFoldersIn(dir),
    })
    expect(targets).toEqual([])
  })

  it('looks in the usual mount folders only when the system cannot be asked', async () => {
    folder('media', 'alice', 'STICK')
    const targets = await listExportTargets({
      platform: 'linux',
      user: 'alice',
      probe: probeSaying({ linux: null }),
      fs: mountFoldersIn(dir),
    })
    expect(targets.map((target) => target.path)).toEqual(['/media/alice/STICK'])
  })

  it("lists the folders the roots option names without asking the system (the tests' and E2E host's stand-in sticks)", async () => {
    const stick = folder('usb', 'STICK')
    const probe = probeSaying({ linux: [] })
    const targets = await listExportTargets({ platform: 'linux', roots: [join(dir, 'usb')], probe })
    expect(targets.map((target) => target.path)).toEqual([stick])
    expect(probe.asked).toEqual([])
  })
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

  it('keeps the volumes diskutil calls removable or ejectable, and one it could not say anything about', async () => {
    folder('Volumes', 'KINGSTON')
    folder('Volumes', 'Data')
    folder('Volumes', 'Unknown')
    const probe = probeSaying({ mac: { '/Volumes/KINGSTON': true, '/Volumes/Data': false, '/Volumes/Unknown': null } })
    const targets = await listExportTargets({ platform: 'darwin', probe, fs: mountFoldersIn(dir) })
    expect(targets.map((target) => target.path)).toEqual(['/Volumes/KINGSTON', '/Volumes/Unknown'])
  })
})

describe('export targets on Windows', () => {
  const drivesPresent = (present: Set<string>) => ({
    stat: (path: string) =>
      present.has(path) ? Promise.resolve({ isDirectory: () => true }) : Promise.reject(new Error('ENOENT')),
    access: () => Promise.resolve(),
    statfs: () => Promise.resolve({ bavail: 1000, bsize: 4096 }),
  })

  it('offers only the drives Windows calls removable', async () => {
    const targets = await listExportTargets({
      platform: 'win32',
      systemDrive: 'C:',
      probe: probeSaying({ windows: ['F:'] }),
      fs: drivesPresent(new Set(['C:\\', 'D:\\', 'F:\\'])),
    })
    expect(targets.map((target) => target.path)).toEqual(['F:\\'])
  })

  it('offers the drive letters D: to Z: that exist, except the system drive, when Windows cannot be asked', async () => {
    const present = new Set(['C:\\', 'E:\\', 'F:\\', 'K:\\'])
    const probed: string[] = []
    const targets = await listExportTargets({
      platform: 'win32',
      systemDrive: 'e:',
      probe: probeSaying({ windows: null }),
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
