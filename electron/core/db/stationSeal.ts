import { createHmac, hash, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from '../base/canonicalJson'
import type { SessionKeyring } from '../crypto/keyring'
import type { RandomSource } from '../crypto/randomSource'
import type { StationDatabase } from './database'
import { takeSealPending } from './sealPending'
import { tamperDetected } from './storeError'

/**
 * Facts about the station that live in rows a tamperer could delete or flip, authenticated together in one row
 * (station_seal) by an HMAC under a key wrapped by the station keyring: that the admin and proctor credentials were
 * set (deleting their rows would make the station "not set up" and let anyone set a new admin password), and which
 * exam is active (exams.active). Each row is MAC'd on its own (credentialStore, examStore); this seal covers their
 * absence and the flag. Migration 7 inserts the row unsealed; the open that ran it seals what it finds (trust on upgrade), and a seal cleared later is tampering.
 * What it cannot see: the whole database replaced or deleted together with this row (README, security section).
 */
export interface StationFacts {
  adminCredential: boolean
  proctorCredential: boolean
  activeExam: string | null
  /** SHA-256 over every session's id and newest head: a deleted or rolled-back session changes it. */
  sessions: string
  /** Present once the station issued its anchor file (stationAnchor.ts): deleting that record is tampering. */
  anchored?: true
}

const KEYRING_ID = 'station/seal'

/** The seal an open station keeps for its database: every honest head change and purge reseals through it. */
const attached = new WeakMap<StationDatabase, StationSeal>()

/** Called inside the transaction that deleted sessions (or changed facts); a no-op with no station attached. */
export const resealStation = (db: StationDatabase): void => attached.get(db)?.reseal()

/** Called inside the transaction that moved one session's head (every save); a no-op with no station attached. */
export const resealStationHead = (db: StationDatabase, sessionId: string, seq: number, headHash: string): void =>
  attached.get(db)?.resealHead(sessionId, seq, headHash)

interface SealRow {
  mac_key_wrapped: Buffer | null
  mac: Buffer | null
}

const sealMac = (key: Buffer, facts: StationFacts): Buffer =>
  createHmac('sha256', key)
    .update(canonicalJson({ v: 1, ...facts }))
    .digest()

type SealStatements = ReturnType<typeof prepareSealStatements>

/** The sessions fact: SHA-256 over the canonical list of [id, head seq, head hash], in id order. */
const headsDigest = (heads: readonly string[]): string => hash('sha256', `[${heads.join(',')}]`, 'hex')

/** What the seal row was last written with by this seal, each head kept in its canonical form. */
interface SealedFacts {
  facts: StationFacts
  heads: string[]
  indexOf: Map<string, number>
  dataVersion: number
  mac: Buffer
}

const sealedFacts = (
  facts: StationFacts,
  heads: readonly [string, number, string][],
  dataVersion: number,
  mac: Buffer,
): SealedFacts => ({
  facts,
  heads: heads.map((head) => canonicalJson(head)),
  indexOf: new Map(heads.map(([id], i) => [id, i])),
  dataVersion,
  mac,
})

/** Prepared on first use (a database mid-migration may lack a table), then kept: reseal runs on every save. */
const prepareSealStatements = (db: StationDatabase) => ({
  admin: db.prepare('SELECT 1 FROM admin_credential WHERE id = 1'),
  proctor: db.prepare('SELECT 1 FROM proctor_credential WHERE id = 1'),
  active: db.prepare<[], string>('SELECT package_hash FROM exams WHERE active = 1 ORDER BY package_hash').pluck(),
  heads: db.prepare<[], [string, number, string]>('SELECT id, head_seq, head_hash FROM sessions ORDER BY id').raw(),
  anchored: db.prepare('SELECT 1 FROM station_anchor_issued WHERE id = 1'),
  write: db.prepare<[Buffer, Buffer]>('UPDATE station_seal SET mac_key_wrapped = ?, mac = ? WHERE id = 1'),
  mac: db.prepare<[], Buffer | null>('SELECT mac FROM station_seal WHERE id = 1').pluck(),
  dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
})

/** The seal key in use and its wrapped form as stored, kept after verify() or the first reseal. */
interface SealKey {
  key: Buffer
  wrapped: Buffer
}

export class StationSeal {
  private statements: SealStatements | undefined
  private sealKey: SealKey | undefined
  private sealed: SealedFacts | undefined
  private lastMac: Buffer = Buffer.alloc(0)

  constructor(
    private readonly db: StationDatabase,
    private readonly keyring: SessionKeyring,
    private readonly random: RandomSource,
  ) {}

  /** From now on, head changes and purges on this database reseal (StationRuntime attaches after verifying). */
  attach(): void {
    attached.set(this.db, this)
  }

  private sql(): SealStatements {
    this.statements ??= prepareSealStatements(this.db)
    return this.statements
  }

  /** What the tables say now. */
  factsNow(heads: readonly [string, number, string][] = this.sql().heads.all()): StationFacts {
    const sql = this.sql()
    const active = sql.active.all()
    if (active.length > 1) throw tamperDetected(`${String(active.length)} exams are marked active`)
    // Absent rather than false, so seals made before the anchor existed still verify.
    const anchored = sql.anchored.get() !== undefined
    return {
      adminCredential: sql.admin.get() !== undefined,
      proctorCredential: sql.proctor.get() !== undefined,
      activeExam: active[0] ?? null,
      sessions: headsDigest(heads.map((head) => canonicalJson(head))),
      ...(anchored ? { anchored: true as const } : {}),
    }
  }

  /** Throws TAMPER_DETECTED when the tables no longer match the sealed facts; seals them on first use. */
  verify(): void {
    const row = this.row()
    if (!row) throw tamperDetected('the station seal row is missing')
    if (!row.mac || !row.mac_key_wrapped) {
      if (!takeSealPending(this.db) && !this.holdsNothing()) {
        throw tamperDetected('the station seal was cleared on a station that holds credentials, exams or sessions')
      }
      this.reseal()
      return
    }
    let key: Buffer
    try {
      key = this.keyring.unwrapSessionKey(KEYRING_ID, row.mac_key_wrapped)
    } catch {
      throw tamperDetected('the station seal key does not unwrap')
    }
    const dataVersion = this.sql().dataVersion.get() ?? 0
    const heads = this.sql().heads.all()
    const facts = this.factsNow(heads)
    const expected = sealMac(key, facts)
    if (row.mac.length === expected.length && timingSafeEqual(row.mac, expected)) {
      this.sealKey = { key, wrapped: Buffer.from(row.mac_key_wrapped) }
      // Verified: these are the facts in the rows, and the first save's reseal may start from them.
      this.sealed = sealedFacts(facts, heads, dataVersion, row.mac)
      this.lastMac = row.mac
      return
    }
    throw tamperDetected(
      `station records differ from the station seal (admin credential ${String(facts.adminCredential)}, proctor credential ${String(facts.proctorCredential)}, active exam ${facts.activeExam ?? 'none'}): credentials deleted, exams.active edited, or a session deleted or rolled back`,
    )
  }

  /**
   * Seals the facts as they are now: call inside the transaction of every honest change to them. The key verified at
   * open (or made by the first reseal) is kept, and written with every MAC, so a rolled-back transaction never leaves
   * a MAC under a key the row does not hold. A fresh key per reseal protected nothing more: an old row restored with
   * its own wrapped key unwraps just the same.
   */
  reseal(): void {
    this.sealed = undefined
    const sql = this.sql()
    const dataVersion = sql.dataVersion.get() ?? 0
    const heads = sql.heads.all()
    const facts = this.factsNow(heads)
    this.write(facts)
    this.sealed = sealedFacts(facts, heads, dataVersion, this.lastMac)
  }

  /**
   * The reseal of a save: one session's head moved and nothing else did, so the facts sealed last are reused with
   * that head replaced, instead of re-reading every credential, exam and session head on each save. Used only while
   * they are provably the facts in the rows: nothing else wrote the file (data_version), the seal row still holds the
   * MAC written last (not rolled back, not rewritten by another seal), and the session was among the heads.
   */
  resealHead(sessionId: string, seq: number, headHash: string): void {
    const sealed = this.sealed
    const sql = this.sql()
    const index = sealed?.indexOf.get(sessionId)
    const stale =
      !sealed ||
      index === undefined ||
      sealed.dataVersion !== sql.dataVersion.get() ||
      !sql.mac.get()?.equals(sealed.mac)
    if (stale) {
      this.reseal()
      return
    }
    // Dropped until the row is written: a write that throws leaves no cache claiming a head the row lacks.
    this.sealed = undefined
    sealed.heads[index] = canonicalJson([sessionId, seq, headHash])
    const facts = { ...sealed.facts, sessions: headsDigest(sealed.heads) }
    this.write(facts)
    this.sealed = { ...sealed, facts, mac: this.lastMac }
  }

  private write(facts: StationFacts): void {
    this.sealKey ??= this.newSealKey()
    this.lastMac = sealMac(this.sealKey.key, facts)
    this.sql().write.run(this.sealKey.wrapped, this.lastMac)
  }

  private newSealKey(): SealKey {
    const key = this.random(32)
    return { key, wrapped: this.keyring.wrapSessionKey(KEYRING_ID, key) }
  }

  /** An honest change and its reseal, committed together. */
  changing<T>(write: () => T): T {
    return this.db.transaction(() => {
      this.verify()
      const result = write()
      this.reseal()
      return result
    })()
  }

  /** A station made but never set up: no credential, exam or session a cleared seal could hide a change to. */
  private holdsNothing(): boolean {
    const tables = ['admin_credential', 'proctor_credential', 'exams', 'sessions'] as const
    return tables.every((table) => this.db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined)
  }

  private row(): SealRow | undefined {
    return this.db.prepare<[], SealRow>('SELECT mac_key_wrapped, mac FROM station_seal WHERE id = 1').get()
  }
}
