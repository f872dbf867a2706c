import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * Test and benchmark support: a fresh, empty PostgreSQL database on the server INVIGIL_TEST_PG_URL names, so every
 * test file (and benchmark run) starts from nothing and leaves nothing behind.
 */
export const PG_URL_ENV = 'INVIGIL_TEST_PG_URL'

export const PG_MISSING_MESSAGE =
  `${PG_URL_ENV} is not set: the PostgreSQL results-store tests need a server. \`npm run test:unit\` starts a\n` +
  `throwaway one itself; to run vitest directly, start one with\n` +
  `  eval "$(scripts/test-postgres.sh start)"\n` +
  `and stop it afterwards with  scripts/test-postgres.sh stop "$INVIGIL_TEST_PG_DIR"  (npm run test:unit does both).`

export interface TempDatabase {
  url: string
  drop(): Promise<void>
}

async function onServer<T>(baseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export async function createTempDatabase(baseUrl: string, prefix = 'invigil_t'): Promise<TempDatabase> {
  // Lower-case letters and digits only: the name goes into DDL, which takes no bound parameters.
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await onServer(baseUrl, (client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () =>
      onServer(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  }
}
