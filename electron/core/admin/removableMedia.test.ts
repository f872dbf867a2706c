import { describe, expect, it } from 'vitest'
import {
  mountsOfDevices,
  removableDrivesFromWindows,
  removableFromDiskutil,
  removableMountsFromLsblk,
} from './removableMedia'
import { LSBLK_ARGS, removableMountsFromSys, systemRemovableProbe, type RunCommand, type SysFs } from './removableProbe'
import {
  DISKUTIL_EXTERNAL_SSD,
  DISKUTIL_INTERNAL,
  DISKUTIL_STICK,
  LSBLK_LAPTOP,
  LSBLK_OLD_STRINGS,
  POWERSHELL_DRIVES,
  PROC_MOUNTS,
  WMIC_DRIVES,
} from './testing/recordedDrives'

describe('lsblk', () => {
  it('keeps the mounts of removable, hotplug and USB devices and their partitions, not the system disk or /mnt', () => {
    expect(removableMountsFromLsblk(LSBLK_LAPTOP)).toEqual(['/media/alice/KINGSTON', '/media/alice/SD CARD'])
  })

  it('reads the "1"/"0" flags of older util-linux, and a USB hard disk by its transport', () => {
    expect(removableMountsFromLsblk(LSBLK_OLD_STRINGS)).toEqual(['/run/media/alice/BACKUP'])
  })

  it('reads the MOUNTPOINTS array of newer util-linux, and never offers /', () => {
    const json = JSON.stringify({
      blockdevices: [{ name: 'sdc', mountpoints: ['/media/a/STICK', '/srv/copy', null], rm: true, tran: 'usb' }],
    })
    expect(removableMountsFromLsblk(json)).toEqual(['/media/a/STICK', '/srv/copy'])
    const root = JSON.stringify({ blockdevices: [{ name: 'sda', mountpoint: '/', rm: true }] })
    expect(removableMountsFromLsblk(root)).toEqual([])
  })

  it('says it cannot tell (null) when the output is not lsblk JSON', () => {
    expect(removableMountsFromLsblk('lsblk: unknown column: HOTPLUG')).toBeNull()
    expect(removableMountsFromLsblk('{"devices": []}')).toBeNull()
    expect(removableMountsFromLsblk('null')).toBeNull()
  })
})

describe('/proc/self/mounts', () => {
  it('finds the mounts of the named devices, with escaped spaces undone', () => {
    expect(mountsOfDevices(PROC_MOUNTS, new Set(['sda', 'sda1', 'mmcblk0', 'mmcblk0p1']))).toEqual([
      '/media/alice/KINGSTON',
      '/media/alice/SD CARD',
    ])
    expect(mountsOfDevices(PROC_MOUNTS, new Set())).toEqual([])
  })
})

describe('diskutil', () => {
  it('calls a stick and an external disk removable, the internal volume not', () => {
    expect(removableFromDiskutil(DISKUTIL_STICK)).toBe(true)
    expect(removableFromDiskutil(DISKUTIL_EXTERNAL_SSD)).toBe(true)
    expect(removableFromDiskutil(DISKUTIL_INTERNAL)).toBe(false)
    expect(removableFromDiskutil('Could not find disk: /Volumes/Gone')).toBeNull()
  })
})

describe('Windows drive types', () => {
  it('keeps drive type 2 (removable) from wmic and from PowerShell', () => {
    expect(removableDrivesFromWindows(WMIC_DRIVES)).toEqual(['E:', 'F:'])
    expect(removableDrivesFromWindows(POWERSHELL_DRIVES)).toEqual(['G:'])
    expect(removableDrivesFromWindows('DeviceID  DriveType\r\nC:        3\r\n')).toEqual([])
    expect(removableDrivesFromWindows("'wmic' is not recognized as an internal or external command")).toBeNull()
  })
})

/** A /sys tree: a SATA disk, a USB stick (removable 0, but on a USB bus) and an SD reader (removable 1). */
const SYS: Record<string, string> = {
  '/sys/block/sda/removable': '0\n',
  '/sys/block/sdb/removable': '0\n',
  '/sys/block/sdb/sdb1/partition': '1\n',
  '/sys/block/mmcblk0/removable': '1\n',
  '/sys/block/mmcblk0/mmcblk0p1/partition': '1\n',
  '/proc/self/mounts':
    '/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /media/bob/STICK vfat rw 0 0\n/dev/mmcblk0p1 /mnt/sd vfat rw 0 0\n',
}
const fakeSys = (files: Record<string, string>): SysFs => ({
  readText: (path) => Promise.resolve(files[path] ?? null),
  list: (path) =>
    Promise.resolve(
      path === '/sys/block'
        ? ['sda', 'sdb', 'mmcblk0']
        : path.startsWith('/sys/block/')
          ? ['removable', 'queue', `${path.split('/').at(-1) ?? ''}1`, `${path.split('/').at(-1) ?? ''}p1`]
          : null,
    ),
  realpath: (path) =>
    Promise.resolve(
      path === '/sys/block/sdb' ? '/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host4/block/sdb' : path,
    ),
})

describe('the system probe', () => {
  it('asks lsblk with the columns it needs', async () => {
    const asked: string[][] = []
    const run: RunCommand = (command, args) => {
      asked.push([command, ...args])
      return Promise.resolve(LSBLK_LAPTOP)
    }
    expect(await systemRemovableProbe(run, fakeSys({})).linuxMounts()).toEqual([
      '/media/alice/KINGSTON',
      '/media/alice/SD CARD',
    ])
    expect(asked).toEqual([['lsblk', ...LSBLK_ARGS]])
  })

  it('reads /sys and /proc/self/mounts when lsblk is missing', async () => {
    const probe = systemRemovableProbe(() => Promise.resolve(null), fakeSys(SYS))
    expect(await probe.linuxMounts()).toEqual(['/media/bob/STICK', '/mnt/sd'])
    expect(await removableMountsFromSys(fakeSys({}))).toBeNull()
  })

  it('asks diskutil about the volume, and says unknown when it cannot run', async () => {
    const asked: string[][] = []
    const probe = systemRemovableProbe((command, args) => {
      asked.push([command, ...args])
      return Promise.resolve(DISKUTIL_INTERNAL)
    }, fakeSys({}))
    expect(await probe.macVolume('/Volumes/Data')).toBe(false)
    expect(asked).toEqual([['diskutil', 'info', '-plist', '/Volumes/Data']])
    expect(await systemRemovableProbe(() => Promise.resolve(null), fakeSys({})).macVolume('/Volumes/X')).toBeNull()
  })

  it('asks wmic, then PowerShell where wmic is gone, and says unknown when neither answers', async () => {
    const asked: string[] = []
    const withoutWmic = systemRemovableProbe((command) => {
      asked.push(command)
      return Promise.resolve(command === 'powershell.exe' ? POWERSHELL_DRIVES : null)
    }, fakeSys({}))
    expect(await withoutWmic.windowsDrives()).toEqual(['G:'])
    expect(asked).toEqual(['wmic', 'powershell.exe'])
    expect(await systemRemovableProbe(() => Promise.resolve(WMIC_DRIVES), fakeSys({})).windowsDrives()).toEqual([
      'E:',
      'F:',
    ])
    expect(await systemRemovableProbe(() => Promise.resolve(null), fakeSys({})).windowsDrives()).toBeNull()
  })
})
