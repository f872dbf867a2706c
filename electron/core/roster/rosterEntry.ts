/** One candidate on the station's roster: who may sit, by which name, with which extra time, and where. */
export interface RosterEntry {
  candidateId: string
  name: string
  accommodations: { extraPercent?: number; extraMinutes?: number }
  /** The seat an installed sitting gives the candidate; a roster imported from CSV has none. */
  seat?: string
  /** The exam an installed sitting's roster assigns the candidate (its exam_id); none: the installed exam. */
  examId?: string
}

/** Ids are matched as people read them: NFC, trimmed, case-insensitive ("c-001" is "C-001"). */
export const candidateKey = (candidateId: string): string => candidateId.normalize('NFC').trim().toUpperCase()
