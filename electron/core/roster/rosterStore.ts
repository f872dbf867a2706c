import { z } from 'zod'
import type { SealedRecordStore } from '../db/sealedRecordStore'
import { tamperDetected } from '../db/storeError'
import { candidateKey, type RosterEntry } from './rosterEntry'

/**
 * The station's roster: who is expected to sit today. Stored sealed (it holds names); an import replaces it whole,
 * because a roster is one sitting's list, and a file that is fixed and imported again must give the same result.
 */
export interface Roster {
  entries: RosterEntry[]
  importedAt: string
}

const rosterSchema = z.strictObject({
  entries: z.array(
    z.strictObject({
      candidateId: z.string(),
      name: z.string(),
      accommodations: z.strictObject({ extraPercent: z.number().optional(), extraMinutes: z.number().optional() }),
      seat: z.string().optional(),
      examId: z.string().optional(),
    }),
  ),
  importedAt: z.string(),
})

export class RosterStore {
  constructor(
    private readonly records: SealedRecordStore,
    private readonly nowIso: () => string,
  ) {}

  /** The roster, or undefined when none was imported (the desk then takes any candidate). */
  get(): Roster | undefined {
    const stored = this.records.get('roster')
    if (!stored) return undefined
    const parsed = rosterSchema.safeParse(stored.value)
    if (!parsed.success) throw tamperDetected('the roster is not in its format')
    return parsed.data
  }

  replace(entries: readonly RosterEntry[]): Roster {
    const roster = { entries: [...entries], importedAt: this.nowIso() }
    this.records.put('roster', roster, roster.importedAt)
    return roster
  }

  find(candidateId: string): RosterEntry | undefined {
    const key = candidateKey(candidateId)
    return this.get()?.entries.find((entry) => candidateKey(entry.candidateId) === key)
  }

  /** Entries whose id starts with the query or whose name contains it, for the proctor's lookup. */
  search(query: string, limit: number): RosterEntry[] {
    const key = candidateKey(query)
    const text = query.normalize('NFC').trim().toLowerCase()
    if (key === '') return []
    return (this.get()?.entries ?? [])
      .filter((entry) => candidateKey(entry.candidateId).startsWith(key) || entry.name.toLowerCase().includes(text))
      .slice(0, limit)
  }
}
