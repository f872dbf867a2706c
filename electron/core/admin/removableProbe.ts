import { execFile } from 'node:child_process'
import { readdir, readFile, realpath } from 'node:fs/promises'
import { join } from 'node:path'
import {
  mountsOfDevices,
  removableDrivesFromWindows,
  removableFromDiskutil,
  removableMountsFromLsblk,
} from './removableMedia'

/**
 * Asks the operating system which mounted volumes are removable (removableMedia.ts reads the answers). Every
 * method answers null when the system could not be asked, so the caller can tell "none" from "unknown".
 */
export interface RemovableProbe {
  /** Linux: the mount points of removable, hotplug or USB devices. */
  linuxMounts(): Promise<string[] | null>
  /** macOS: whether the volume mounted at `path` is removable or ejectable. */
  macVolume(path: string): Promise<boolean | null>
  /** Windows: the removable drives ("E:"). */
  windowsDrives(): Promise<string[] | null>
}

/** Runs a program without a shell; resolves its output, or null when it is missing, fails or hangs. */
export type RunCommand = (command: string, args: readonly string[]) => Promise<string | null>

/** The files the /sys fallback reads; null when unreadable. */
export interface SysFs {
  readText(path: string): Promise<string | null>
  list(path: string): Promise<string[] | null>
  realpath(path: string): Promise<string | null>
}

// lsblk and diskutil answer at once; a stuck USB controller must not hold the export page for long.
const COMMAND_TIMEOUT_MS = 5_000

export const runCommand: RunCommand = (command, args) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: COMMAND_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' }, (error, out) =>
      resolve(error ? null : out),
    )
  })

const nodeSysFs: SysFs = {
  readText: (path) => readFile(path, 'utf8').catch(() => null),
  list: (path) => readdir(path).catch(() => null),
  realpath: (path) => realpath(path).catch(() => null),
}

export const LSBLK_ARGS = ['-J', '-o', 'NAME,MOUNTPOINT,RM,HOTPLUG,TRAN,RO'] as const

/**
 * Without lsblk (util-linux missing): a disk is removable when /sys/block/<disk>/removable says 1 or the disk hangs
 * off a USB bus; its partitions are the subfolders that have a `partition` file. Their mounts come from
 * /proc/self/mounts.
 */
export async function removableMountsFromSys(sys: SysFs): Promise<string[] | null> {
  const disks = await sys.list('/sys/block')
  const procMounts = await sys.readText('/proc/self/mounts')
  if (!disks || procMounts === null) return null
  const names = new Set<string>()
  for (const disk of disks) {
    const base = join('/sys/block', disk)
    const removable = (await sys.readText(join(base, 'removable')))?.trim() === '1'
    const onUsb = (await sys.realpath(base))?.includes('/usb') ?? false
    if (!removable && !onUsb) continue
    names.add(disk)
    for (const entry of (await sys.list(base)) ?? [])
      if (entry.startsWith(disk) && (await sys.readText(join(base, entry, 'partition'))) !== null) names.add(entry)
  }
  return mountsOfDevices(procMounts, names)
}

// Drive types through PowerShell where wmic is gone (Windows 11 24H2), printed as wmic prints them.
const POWERSHELL_DRIVE_TYPES = 'Get-CimInstance Win32_LogicalDisk | ForEach-Object { "$($_.DeviceID) $($_.DriveType)" }'

/** The real system: lsblk, else /sys; diskutil; wmic, else PowerShell. */
export function systemRemovableProbe(run: RunCommand = runCommand, sys: SysFs = nodeSysFs): RemovableProbe {
  return {
    async linuxMounts() {
      const lsblk = await run('lsblk', LSBLK_ARGS)
      return (lsblk === null ? null : removableMountsFromLsblk(lsblk)) ?? removableMountsFromSys(sys)
    },
    async macVolume(path) {
      const plist = await run('diskutil', ['info', '-plist', path])
      return plist === null ? null : removableFromDiskutil(plist)
    },
    async windowsDrives() {
      const wmic = await run('wmic', ['logicaldisk', 'get', 'DeviceID,DriveType'])
      const fromWmic = wmic === null ? null : removableDrivesFromWindows(wmic)
      if (fromWmic) return fromWmic
      const shell = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', POWERSHELL_DRIVE_TYPES])
      return shell === null ? null : removableDrivesFromWindows(shell)
    },
  }
}
