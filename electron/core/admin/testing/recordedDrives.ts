/**
 * What the systems' own tools print, recorded on real machines (names and sizes trimmed), for the removable-media
 * parsers' tests.
 */

/**
 * `lsblk -J -o NAME,MOUNTPOINT,RM,HOTPLUG,TRAN,RO` (util-linux 2.38) on a Debian laptop: an NVMe system disk, a USB
 * stick with one partition, an SD card in the built-in reader, a snap's loop device, and a VM's virtio disk mounted
 * under /mnt as a sandbox would be.
 */
export const LSBLK_LAPTOP = `{
   "blockdevices": [
      {"name":"loop0", "mountpoint":"/snap/core22/1380", "rm":false, "hotplug":false, "tran":null, "ro":true},
      {"name":"sda", "mountpoint":null, "rm":true, "hotplug":true, "tran":"usb", "ro":false,
         "children": [
            {"name":"sda1", "mountpoint":"/media/alice/KINGSTON", "rm":true, "hotplug":true, "tran":null, "ro":false}
         ]
      },
      {"name":"mmcblk0", "mountpoint":null, "rm":false, "hotplug":true, "tran":null, "ro":false,
         "children": [
            {"name":"mmcblk0p1", "mountpoint":"/media/alice/SD CARD", "rm":false, "hotplug":true, "tran":null, "ro":false}
         ]
      },
      {"name":"vdb", "mountpoint":"/mnt/sandboxing", "rm":false, "hotplug":false, "tran":null, "ro":false},
      {"name":"nvme0n1", "mountpoint":null, "rm":false, "hotplug":false, "tran":"nvme", "ro":false,
         "children": [
            {"name":"nvme0n1p1", "mountpoint":"/boot/efi", "rm":false, "hotplug":false, "tran":"nvme", "ro":false},
            {"name":"nvme0n1p2", "mountpoint":"/", "rm":false, "hotplug":false, "tran":"nvme", "ro":false},
            {"name":"nvme0n1p3", "mountpoint":"[SWAP]", "rm":false, "hotplug":false, "tran":"nvme", "ro":false}
         ]
      }
   ]
}`

/**
 * The same columns from util-linux 2.32 (CentOS 8): flags as "1"/"0" strings. A USB hard disk shows rm "0" but
 * hotplug "1" and tran "usb"; a DVD drive is removable but has nothing mounted.
 */
export const LSBLK_OLD_STRINGS = `{
   "blockdevices": [
      {"name": "sda", "mountpoint": null, "rm": "0", "hotplug": "0", "tran": "sata", "ro": "0",
         "children": [
            {"name": "sda1", "mountpoint": "/", "rm": "0", "hotplug": "0", "tran": null, "ro": "0"},
            {"name": "sda2", "mountpoint": "/mnt/data", "rm": "0", "hotplug": "0", "tran": null, "ro": "0"}
         ]
      },
      {"name": "sdb", "mountpoint": null, "rm": "0", "hotplug": "1", "tran": "usb", "ro": "0",
         "children": [
            {"name": "sdb1", "mountpoint": "/run/media/alice/BACKUP", "rm": "0", "hotplug": "1", "tran": null, "ro": "0"}
         ]
      },
      {"name": "sr0", "mountpoint": null, "rm": "1", "hotplug": "1", "tran": "sata", "ro": "0"}
   ]
}`

/** /proc/self/mounts with the stick above, a label with a space (escaped \040), and a bind mount under /mnt. */
export const PROC_MOUNTS = [
  'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
  '/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0',
  '/dev/sda1 /media/alice/KINGSTON vfat rw,nosuid,nodev,relatime,uid=1000 0 0',
  '/dev/mmcblk0p1 /media/alice/SD\\040CARD exfat rw,nosuid,nodev,relatime 0 0',
  '/dev/vdb /mnt/sandboxing ext4 rw,relatime 0 0',
  'tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime 0 0',
  '',
].join('\n')

const plist = (entries: Record<string, boolean>): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '\t<key>BusProtocol</key>',
    '\t<string>USB</string>',
    ...Object.entries(entries).flatMap(([key, value]) => [`\t<key>${key}</key>`, `\t<${String(value)}/>`]),
    '\t<key>VolumeName</key>',
    '\t<string>KINGSTON</string>',
    '</dict>',
    '</plist>',
  ].join('\n')

/** `diskutil info -plist /Volumes/...` (macOS 14): a stick, an external SSD, and the internal data volume. */
export const DISKUTIL_STICK = plist({ Ejectable: true, Internal: false, RemovableMedia: true })
export const DISKUTIL_EXTERNAL_SSD = plist({ Ejectable: true, Internal: false, RemovableMedia: false })
export const DISKUTIL_INTERNAL = plist({ Ejectable: false, Internal: true, RemovableMedia: false })

/** `wmic logicaldisk get DeviceID,DriveType` (Windows 10): padded columns, CRLF, a blank line at the end. */
export const WMIC_DRIVES =
  'DeviceID  DriveType  \r\r\nC:        3          \r\r\nD:        5          \r\r\nE:        2          \r\r\n' +
  'F:        2          \r\r\nZ:        4          \r\r\n\r\r\n'

/** The PowerShell stand-in's output: the same two columns, one space apart. */
export const POWERSHELL_DRIVES = 'C: 3\r\nG: 2\r\n'
