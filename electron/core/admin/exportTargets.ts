import { constants } from 'node:fs'
import { access, readdir, realpath, stat, statfs } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { basename, join, parse, resolve } from 'node:path'
import type { ExportTarget } from './exportTarget'
import { systemRemovableProbe, type RemovableProbe } from './removableProbe'

/**
 * Where result bundles can go without typing a path: the USB sticks and other removable or external volumes the
 * operating system has mounted. The system is asked which devices are removable (removableProbe.ts), so the system
 * disk or a sandbox mount under /mnt is never offered; only where it cannot be asked do the usual mount folders
 * stand in. The admin still sees the path, and the export checks the chosen folder again (exportFolder.ts).
 */

/** The file system calls the listing makes; tests replace some of them. */
export interface VolumeFs {
  readdir(path: string): Promise<string[]>
  realpath(path: string): Promise<string>
  stat(path: string): Promise<{ isDirectory(): boolean }>
  access(path: string, mode: number): Promise<void>
  statfs(path: string): Promise<{ bavail: number; bsize: number }>
}

export interface ExportTargetScan {
  platform?: NodeJS.Platform
  /** Folders whose subfolders are volumes, instead of the platform's usual places (tests, the E2E host). */
  roots?: readonly string[]
  /** Whose /media/<user> and /run/media/<user> to look in; the current user by default, null for none. */
  user?: string | null
  /** Windows: the drive the system runs from ("C:"), never offered; process.env.SystemDrive by default. */
  systemDrive?: string
  fs?: Partial<VolumeFs>
  /** Which volumes the system calls removable; not asked when `roots` is given. */
  probe?: RemovableProbe
}

/** Folders whose subfolders are volumes, and volumes that are looked at directly (Windows drives). */
export interface ExportPlaces {
  roots: string[]
  drives: string[]
}

const nodeVolumeFs: VolumeFs = { readdir: (path) => readdir(path), realpath, stat, access, statfs }

// A: and B: are floppy drives by tradition, and probing an empty one can stall.
const DRIVE_LETTERS = 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('')

/** Where each platform mounts sticks: udisks under /media/<user> (Debian, Ubuntu) or /run/media/<user> (Fedora), by hand under /media or /mnt; /Volumes on macOS. */
export function usualExportPlaces(
  platform: NodeJS.Platform,
  user: string | null,
  systemDrive: string | undefined,
): ExportPlaces {
  if (platform === 'win32') {
    const system = systemDrive?.trim().toUpperCase()
    return {
      roots: [],
      drives: DRIVE_LETTERS.filter((letter) => `${letter}:` !== system).map((letter) => `${letter}:\\`),
    }
  }
  if (platform === 'darwin') return { roots: ['/Volumes'], drives: [] }
  const perUser = user ? [`/media/${user}`, `/run/media/${user}`] : []
  return { roots: [...perUser, '/media', '/mnt'], drives: [] }
}

function currentUser(): string | null {
  try {
    return userInfo().username
  } catch {
    // No passwd entry (some containers): the per-user folders are then unknowable.
    return process.env.USER ?? null
  }
}

interface Found {
  path: string
  label: string
  /** What the path resolves to: the same volume reached twice is listed once. */
  real: string
}

/** The folders in `root` that could be volumes; nothing when the root is missing or unreadable. */
async function volumesIn(fs: VolumeFs, root: string, roots: readonly string[]): Promise<Found[]> {
  let names: string[]
  try {
    names = await fs.readdir(root)
  } catch {
    return []
  }
  const found = await Promise.all(
    names
      .filter((name) => !name.startsWith('.'))
      .map(async (name): Promise<Found | null> => {
        const path = join(root, name)
        // /media/<user> is looked in as a root of its own; it is not a stick.
        if (roots.includes(path)) return null
        try {
          const real = await fs.realpath(path)
          // The macOS boot volume appears in /Volumes as a link to /: never offer the system disk.
          if (real === parse(real).root) return null
          return (await fs.stat(real)).isDirectory() ? { path, label: name, real } : null
        } catch {
          return null
        }
      }),
  )
  return found.filter((entry) => entry !== null)
}

async function driveIfPresent(fs: VolumeFs, drive: string): Promise<Found | null> {
  try {
    return (await fs.stat(drive)).isDirectory() ? { path: drive, label: drive.slice(0, 2), real: drive } : null
  } catch {
    return null
  }
}

async function describeTarget(fs: VolumeFs, { path, label }: Found): Promise<ExportTarget> {
  const writable = await fs.access(path, constants.W_OK).then(
    () => true,
    () => false,
  )
  const freeBytes = await fs.statfs(path).then(
    (info) => info.bavail * info.bsize,
    () => null,
  )
  return { path, label, writable, freeBytes }
}

const byLabelThenPath = (a: ExportTarget, b: ExportTarget): number =>
  a.label.localeCompare(b.label, 'en', { numeric: true, sensitivity: 'base' }) ||
  (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)

/** Linux: the removable devices' mount points, wherever they are mounted; null when the system cannot say. */
async function linuxRemovableVolumes(fs: VolumeFs, probe: RemovableProbe): Promise<Found[] | null> {
  const mounts = await probe.linuxMounts()
  if (mounts === null) return null
  const found = await Promise.all(
    mounts.map(async (path): Promise<Found | null> => {
      try {
        const real = await fs.realpath(path)
        return (await fs.stat(real)).isDirectory() ? { path, label: basename(path) || path, real } : null
      } catch {
        return null
      }
    }),
  )
  return found.filter((entry) => entry !== null)
}

/** The volumes found in the usual places, narrowed to what the system calls removable where it can say. */
async function volumesOnThisSystem(fs: VolumeFs, scan: ExportTargetScan, platform: NodeJS.Platform): Promise<Found[]> {
  const probe = scan.probe ?? systemRemovableProbe()
  if (platform === 'linux') {
    const removable = await linuxRemovableVolumes(fs, probe)
    if (removable) return removable
  }
  const places = usualExportPlaces(
    platform,
    scan.user === undefined ? currentUser() : scan.user,
    scan.systemDrive ?? process.env.SystemDrive,
  )
  if (platform === 'win32') {
    const removable = await probe.windowsDrives()
    if (removable) places.drives = places.drives.filter((drive) => removable.includes(drive.slice(0, 2)))
  }
  const inRoots = (await Promise.all(places.roots.map((root) => volumesIn(fs, root, places.roots)))).flat()
  const drives = (await Promise.all(places.drives.map((drive) => driveIfPresent(fs, drive)))).filter((d) => d !== null)
  if (platform !== 'darwin') return [...inRoots, ...drives]
  // Unknown (diskutil gave no answer) keeps the volume: better a guess the admin can see than no stick at all.
  const answers = await Promise.all(inRoots.map((found) => probe.macVolume(found.path)))
  return inRoots.filter((_, at) => answers[at] !== false)
}

/** The removable volumes, sorted by name, each once. Never throws: a place that cannot be read is skipped. */
export async function listExportTargets(scan: ExportTargetScan = {}): Promise<ExportTarget[]> {
  const fs: VolumeFs = { ...nodeVolumeFs, ...scan.fs }
  const candidates = scan.roots
    ? (
        await Promise.all(scan.roots.map((root) => resolve(root)).map((root, _, all) => volumesIn(fs, root, all)))
      ).flat()
    : await volumesOnThisSystem(fs, scan, scan.platform ?? process.platform)
  const byVolume = new Map<string, Found>()
  for (const found of candidates) if (!byVolume.has(found.real)) byVolume.set(found.real, found)
  return (await Promise.all([...byVolume.values()].map((found) => describeTarget(fs, found)))).sort(byLabelThenPath)
}
