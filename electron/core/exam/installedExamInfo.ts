/**
 * The installed exam's public facts: safe to show anyone (no keys, no item text). Free of imports, so the API contract
 * re-exports it as it is.
 */
export interface InstalledExamInfo {
  id: string
  title: string
  language: string
  durationMinutes: number
  itemCount: number
  /** Answerable units: items, with each scenario counted by its parts. */
  unitCount: number
  totalPoints: number
  accommodationsAllowed: boolean
  packageHash: string
  source: string
  installedAt: string
}
