/** One candidate on the station's roster: who may sit, by which name, with which extra time. */
export interface RosterEntry {
  candidateId: string
  name: string
  accommodations: { extraPercent?: number; extraMinutes?: number }
}

/** Ids are matched as people read them: NFC, trimmed, case-insensitive ("c-001" is "C-001"). */
export const candidateKey = (candidateId: string): string => candidateId.normalize('NFC').trim().toUpperCase()
