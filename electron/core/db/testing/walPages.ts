import { readFileSync } from 'node:fs'
import type Database from 'better-sqlite3'

/**
 * Which B-trees a write touched: the WAL frames appended while `write` ran, each frame's page attributed to its table
 * or index (SQLite's dbstat table). What the save benchmark prints and what the save-path tests hold to: every page a
 * commit appends is a 4 KiB write and part of the fsync the candidate waits for. Starts by emptying the WAL, so the
 * database must not be in use by another connection.
 */
export interface WalPages {
  frames: number
  /** Frames per B-tree name (`sessions`, `sqlite_autoindex_answers_1`, ...); `page N` for a page no B-tree owns. */
  byBtree: Map<string, number>
}

const WAL_HEADER_BYTES = 32
const FRAME_HEADER_BYTES = 24

export function walPagesOf(db: Database.Database, path: string, write: () => void): WalPages {
  db.pragma('wal_checkpoint(TRUNCATE)')
  write()
  const wal = readFileSync(`${path}-wal`)
  const pageSize = wal.length >= WAL_HEADER_BYTES ? wal.readUInt32BE(8) : 0
  const owner = new Map<number, string>()
  for (const row of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[])
    owner.set(row.pageno, row.name)
  const byBtree = new Map<string, number>()
  let frames = 0
  for (
    let at = WAL_HEADER_BYTES;
    at + FRAME_HEADER_BYTES + pageSize <= wal.length;
    at += FRAME_HEADER_BYTES + pageSize
  ) {
    const page = wal.readUInt32BE(at)
    const name = owner.get(page) ?? `page ${String(page)}`
    byBtree.set(name, (byBtree.get(name) ?? 0) + 1)
    frames++
  }
  return { frames, byBtree }
}
