import { isPostgresTarget } from './resultsStore'
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
