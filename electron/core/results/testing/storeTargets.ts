import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTempDatabase, PG_MISSING_MESSAGE, PG_URL_ENV } from './pgTestDatabase'

/**
 * Test support: the two results-store backends as targets a test can open, so one test file runs the same cases
 * against both. Each `fresh()` is an empty SQLite file in its own temp dir, or an empty PostgreSQL database.
 * Without INVIGIL_TEST_PG_URL the PostgreSQL target is still listed, and `fresh()` throws PG_MISSING_MESSAGE: the
 * tests fail and say how to start a server, rather than skip and pass.
 */
export interface FreshTarget {
  target: string
  /** A scratch directory for the test (quarantine copies, bundle files); removed by cleanup. */
  dir: string
  cleanup(): Promise<void>
}

export interface StoreTarget {
  backend: 'sqlite' | 'postgres'
  fresh(): Promise<FreshTarget>
}

const scratch = (): string => mkdtempSync(join(tmpdir(), 'invigil-results-'))

export const STORE_TARGETS: readonly [StoreTarget, StoreTarget] = [
  {
    backend: 'sqlite',
    fresh: async () => {
      const dir = scratch()
      return Promise.resolve({
        target: join(dir, 'results.sqlite'),
        dir,
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      })
    },
  },
  {
    backend: 'postgres',
    fresh: async () => {
      const url = process.env[PG_URL_ENV]
      if (!url) throw new Error(PG_MISSING_MESSAGE)
      const database = await createTempDatabase(url)
      const dir = scratch()
      return {
        target: database.url,
        dir,
        cleanup: async () => {
          rmSync(dir, { recursive: true, force: true })
          await database.drop()
        },
      }
    },
  },
]
