import { existsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { isPostgresTarget, ResultsStoreError } from './resultsStore'
import type { ResultsStore } from './resultsStore'
import type { ResultsMigration } from './resultsMigrations'
import { openSqliteResultsStore } from './sqliteResultsStore'

export interface OpenResultsStoreOptions {
  /** Tests add a migration after the real ones (N-1 to N); the app always uses RESULTS_MIGRATIONS. */
  migrations?: readonly ResultsMigration[]
}

/**
 * Opens the results store TARGET names, migrated to the current schema: a `postgres://` or `postgresql://` URL
 * selects PostgreSQL, anything else is a SQLite file (created if missing). The PostgreSQL driver is loaded only
 * when used, so a single-PC admin never loads it.
 */
export async function openResultsStore(target: string, options: OpenResultsStoreOptions = {}): Promise<ResultsStore> {
  if (!isPostgresTarget(target)) {
    // The file is created, its folder never is: a typo in the path is said as such, not as a driver's stack trace.
    const folder = dirname(resolve(target))
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new ResultsStoreError(
        'NO_SUCH_FOLDER',
        `${target}: the folder ${folder} does not exist; create it, or give --db a path in an existing folder`,
      )
    }
  }
  const store = isPostgresTarget(target)
    ? await (await import('./postgresResultsStore')).openPostgresResultsStore(target, options)
    : openSqliteResultsStore(target, options)
  try {
    await store.migrate()
    return store
  } catch (error) {
    await store.close()
    throw error
  }
}
