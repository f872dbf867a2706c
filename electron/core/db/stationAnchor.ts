import { createHmac, timingSafeEqual } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { canonicalJson } from '../base/canonicalJson'
import type { SessionKeyring } from '../crypto/keyring'
import type { RandomSource } from '../crypto/randomSource'
import type { StationDatabase } from './database'
import { tamperDetected } from './storeError'

/**
 * The station's anchor outside its database: a small file beside station.db (`station.anchor`) that records every
 * session's id and newest event sequence, MAC'd under a key only the station keyring unwraps. The database may be
 * ahead of it (it is rewritten after commits, when the WAL is checkpointed, before a purge and at close), never
 * behind: a database restored from an earlier copy, with the anchor left as it is, has a session missing or an older
 * head, and the station refuses to open (TAMPER_DETECTED). The anchor file deleted while the database says one was
 * issued (station migration 8, covered by the station seal) is tampering too.
 *
 * What it cannot see: the database and this file restored together from one earlier copy of the whole data
 * directory. The room (which holds every session's newest signed head) and exported bundles catch that.
 */
export const ANCHOR_FILE = 'station.anchor'
const KEYRING_ID = 'station/anchor'

const anchorSchema = z.strictObject({
  v: z.literal(1),
  key: z.string().regex(/^[A-Za-z0-9_-]+$/),
  sessions: z.record(z.string(), z.number().int().nonnegative()),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
})

const anchorMac = (key: Buffer, sessions: Record<string, number>): string =>
  createHmac('sha256', key)
    .update(canonicalJson({ v: 1, sessions }))
    .digest('hex')

/** The anchors of open databases, for the purge, which must shrink the anchor before it deletes. */
const attached = new WeakMap<StationDatabase, StationAnchor>()

/** Called before sessions are deleted: the anchor forgets them first, so a crash in between is no false alarm. */
export const anchorForgetting = (db: StationDatabase, sessionIds: readonly string[]): void =>
  attached.get(db)?.write(sessionIds)

export class StationAnchor {
  constructor(
    private readonly db: StationDatabase,
    private readonly keyring: SessionKeyring,
    private readonly random: RandomSource,
    private readonly file: string,
  ) {}

  /**
   * At open, after the station seal verified: checks the database against the anchor (or issues the first anchor
   * on a station that never had one), then writes the anchor as the database is now. Throws TAMPER_DETECTED.
   * `issue` marks the anchor as issued in the database and reseals, in one transaction.
   */
  open(issue: () => void): void {
    const text = this.readText()
    if (text === undefined) {
      if (this.issued())
        throw tamperDetected(`the station anchor ${this.file} is missing, though this station issued one`)
      issue()
    } else this.check(text)
    this.write()
    attached.set(this.db, this)
  }

  /** Whether the database records that an anchor was issued (migration 8's row). */
  issued(): boolean {
    return this.db.prepare('SELECT 1 FROM station_anchor_issued WHERE id = 1').get() !== undefined
  }

  /** Rewrites the anchor from the database's heads, leaving out `forgetting` (sessions about to be purged). */
  write(forgetting: readonly string[] = []): void {
    if (!this.db.open) return
    const sessions: Record<string, number> = {}
    for (const [id, seq] of this.heads()) if (!forgetting.includes(id)) sessions[id] = seq
    const key = this.random(32)
    const anchor = {
      v: 1,
      key: this.keyring.wrapSessionKey(KEYRING_ID, key).toString('base64url'),
      sessions,
      mac: anchorMac(key, sessions),
    }
    // Written beside, flushed, then renamed over: a crash leaves the old anchor or the new one, never half of one.
    const temporary = `${this.file}.tmp`
    writeFileSync(temporary, canonicalJson(anchor), { mode: 0o600 })
    const fd = openSync(temporary, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, this.file)
    syncDirectory(dirname(this.file))
  }

  private check(text: string): void {
    let parsed: z.infer<typeof anchorSchema>
    let key: Buffer
    try {
      parsed = anchorSchema.parse(JSON.parse(text))
      key = this.keyring.unwrapSessionKey(KEYRING_ID, Buffer.from(parsed.key, 'base64url'))
    } catch {
      throw tamperDetected(`the station anchor ${this.file} is not one this station wrote`)
    }
    const expected = Buffer.from(anchorMac(key, parsed.sessions), 'hex')
    const given = Buffer.from(parsed.mac, 'hex')
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw tamperDetected(`the station anchor ${this.file} was altered`)
    const heads = this.heads()
    for (const [sessionId, seq] of Object.entries(parsed.sessions)) {
      const head = heads.get(sessionId)
      if (head === undefined || head < seq)
        throw tamperDetected(
          `the database is older than the station anchor: session ${sessionId} ${head === undefined ? 'is missing' : `is at event ${String(head)}, the anchor saw ${String(seq)}`} (restored from an earlier copy?)`,
        )
    }
  }

  /** Each session's id and newest event number, as the database holds them now. */
  private heads(): Map<string, number> {
    const rows = this.db.prepare<[], { id: string; seq: number }>('SELECT id, head_seq AS seq FROM sessions').all()
    return new Map(rows.map((row) => [row.id, row.seq]))
  }

  private readText(): string | undefined {
    try {
      return readFileSync(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }
}

/** The rename is durable once the directory is flushed; not every platform lets a directory be opened for that. */
function syncDirectory(directory: string): void {
  let fd: number | undefined
  try {
    fd = openSync(directory, 'r')
    fsyncSync(fd)
  } catch {
    // Windows cannot fsync a directory; its rename is as durable as the platform makes it.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
