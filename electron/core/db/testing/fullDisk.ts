import Database from 'better-sqlite3'

/**
 * Test support: a station disk with no room left, at the seam every store writes through (better-sqlite3's prepared
 * statement), so the stores meet the very error they would on a real disk: a SqliteError with code SQLITE_FULL.
 * `fullDisk` refuses every write; `nearlyFullDisk` lets SQLite itself refuse whatever needs more pages than are left
 * (PRAGMA max_page_count), as a disk with a few kilobytes free does: small writes fit, a long answer does not.
 */
export interface DiskDouble {
  /** Writes refused so far (fullDisk only). */
  readonly refused: number
  /** Frees the disk again. */
  restore(): void
}

type Statement = Database.Statement<unknown[], unknown>
const statementPrototype = (): Statement => {
  const db = new Database(':memory:')
  const prototype = Object.getPrototypeOf(db.prepare('SELECT 1')) as Statement
  db.close()
  return prototype
}
const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i

function patchRun(before: (statement: Statement) => void): { restore(): void } {
  const prototype = statementPrototype()
  const run = Object.getOwnPropertyDescriptor(prototype, 'run')
  if (!run) throw new Error('better-sqlite3 statements have no run method')
  const original = prototype.run
  Object.defineProperty(prototype, 'run', {
    ...run,
    value: function (this: Statement, ...params: unknown[]) {
      before(this)
      return original.apply(this, params)
    },
  })
  return { restore: () => Object.defineProperty(prototype, 'run', run) }
}

export function fullDisk(): DiskDouble {
  let refused = 0
  const patch = patchRun((statement) => {
    if (statement.reader || !WRITE.test(statement.source)) return
    refused++
    throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL')
  })
  return {
    get refused() {
      return refused
    },
    restore: () => patch.restore(),
  }
}

export function nearlyFullDisk(freePages: number): DiskDouble {
  const limited = new Map<Database.Database, number>()
  const patch = patchRun((statement) => {
    const db = statement.database
    if (statement.reader || limited.has(db)) return
    const pages = db.pragma('page_count', { simple: true }) as number
    limited.set(db, db.pragma('max_page_count', { simple: true }) as number)
    db.pragma(`max_page_count = ${String(pages + freePages)}`)
  })
  return {
    refused: 0,
    restore: () => {
      patch.restore()
      for (const [db, max] of limited) if (db.open) db.pragma(`max_page_count = ${String(max)}`)
    },
  }
}
