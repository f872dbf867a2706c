/**
 * What the operating system says about removable drives, read from its own tools' output. Pure parsers, so each
 * platform's answer is tested on recorded output; removableProbe.ts runs the tools. A mount the system does not call
 * removable (the system disk, a sandbox or network share under /mnt) is never offered as a USB stick.
 */

/** lsblk before util-linux 2.33 prints flags as "1"/"0" strings, later versions as booleans. */
const flag = (value: unknown): boolean => value === true || value === '1' || value === 1

interface LsblkDevice {
  name?: unknown
  mountpoint?: unknown
  /** util-linux 2.37+ when asked for MOUNTPOINTS: every place the device is mounted. */
  mountpoints?: unknown
  rm?: unknown
  hotplug?: unknown
  tran?: unknown
  children?: unknown
}

const mountsOf = (device: LsblkDevice): string[] => {
  const all = Array.isArray(device.mountpoints) ? device.mountpoints : [device.mountpoint]
  return all.filter((mount): mount is string => typeof mount === 'string' && mount.startsWith('/'))
}

/**
 * The mount points of removable devices in `lsblk -J -o NAME,MOUNTPOINT,RM,HOTPLUG,TRAN,RO` output. A partition
 * belongs to its disk: a stick's partition shows no transport of its own, so removability is inherited from the
 * parent. Null when the output is not lsblk's JSON.
 */
export function removableMountsFromLsblk(json: string): string[] | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return null
  }
  const devices = (parsed as { blockdevices?: unknown } | null)?.blockdevices
  if (!Array.isArray(devices)) return null
  const mounts: string[] = []
  const visit = (device: LsblkDevice, parentRemovable: boolean): void => {
    const removable = parentRemovable || flag(device.rm) || flag(device.hotplug) || device.tran === 'usb'
    if (removable) mounts.push(...mountsOf(device))
    if (Array.isArray(device.children))
      for (const child of device.children as LsblkDevice[])
        if (child && typeof child === 'object') visit(child, removable)
  }
  for (const device of devices as LsblkDevice[]) if (device && typeof device === 'object') visit(device, false)
  return [...new Set(mounts)].filter((mount) => mount !== '/')
}

/** /proc/self/mounts escapes space, tab, newline and backslash in paths as octal. */
const unescapeMount = (field: string): string =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))

/**
 * The fallback without lsblk: the mount points in /proc/self/mounts of the given block devices (names as in
 * /sys/block, and their partitions), found removable in /sys.
 */
export function mountsOfDevices(procMounts: string, deviceNames: ReadonlySet<string>): string[] {
  const mounts: string[] = []
  for (const line of procMounts.split('\n')) {
    const [source, target] = line.split(' ')
    if (!source?.startsWith('/dev/') || !target) continue
    if (deviceNames.has(source.slice('/dev/'.length))) mounts.push(unescapeMount(target))
  }
  return [...new Set(mounts)].filter((mount) => mount !== '/')
}

/** A boolean key of a `diskutil info -plist` answer; null when absent. */
function plistFlag(plist: string, key: string): boolean | null {
  const match = new RegExp(`<key>${key}</key>\\s*<(true|false)\\s*/>`).exec(plist)
  return match ? match[1] === 'true' : null
}

/**
 * Whether `diskutil info -plist <volume>` describes removable media: a card or stick (RemovableMedia), or an
 * ejectable external disk (Ejectable, or not Internal). Null when the answer says none of these.
 */
export function removableFromDiskutil(plist: string): boolean | null {
  const removable = plistFlag(plist, 'RemovableMedia')
  const ejectable = plistFlag(plist, 'Ejectable')
  const internal = plistFlag(plist, 'Internal')
  if (removable === null && ejectable === null && internal === null) return null
  return removable === true || ejectable === true || internal === false
}

/** Win32_LogicalDisk.DriveType of a removable disk (sticks, card readers); 3 is a fixed disk, 4 a network drive. */
const REMOVABLE_DRIVE_TYPE = '2'

/**
 * The removable drives ("E:") in `wmic logicaldisk get DeviceID,DriveType` output, or in the same two columns
 * printed by PowerShell. Null when no line has a drive and a type.
 */
export function removableDrivesFromWindows(text: string): string[] | null {
  let rows = 0
  const drives: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z]:)\s+(\d+)\s*$/.exec(line)
    if (!match?.[1]) continue
    rows++
    if (match[2] === REMOVABLE_DRIVE_TYPE) drives.push(match[1].toUpperCase())
  }
  return rows > 0 ? drives : null
}
