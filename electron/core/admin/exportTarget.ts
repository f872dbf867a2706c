/** A removable volume offered as the export folder. Free of imports, so the API contract re-exports it as it is. */
export interface ExportTarget {
  path: string
  /** The volume's folder name, or the drive letter ("E:"). */
  label: string
  /** False for a write-protected or read-only volume: it cannot be chosen. */
  writable: boolean
  /** Free space for this user; null when the file system does not say. */
  freeBytes: number | null
}
