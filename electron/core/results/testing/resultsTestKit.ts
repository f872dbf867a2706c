import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import pg from 'pg'
import { createTestStation } from '../../bundle/testing/sampleBundle'
import type { TestStation } from '../../bundle/testing/sampleBundle'
import { admitBundle } from '../bundleAdmission'
import type { NewResult } from '../resultsStore'
import { generatedBundle } from './generatedBundles'

/** Shared by the results tests: stations, admitted results, and raw SQL on either backend (for what the API hides). */
export const SEED = 'results-tests'
export const AT = '2026-11-23T12:00:00.000Z'

/** A tuple, so stations[0] and stations[1] are known to exist. */
export const stations: readonly [TestStation, TestStation] = [createTestStation(), createTestStation()]

/** The value, or a test failure saying what was missing (instead of a non-null assertion). */
export function must<T>(value: T | undefined | null, what = 'a value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, found ${String(value)}`)
  return value
}

export const trusted = (station: TestStation, label?: string) => ({
  stationId: station.stationId,
  publicKeyJwk: station.publicKeyJwk,
  ...(label === undefined ? {} : { label }),
  addedAt: AT,
})

/** Candidate `index`'s bundle, verified and admitted as the importer would. */
export async function admittedResult(
  index: number,
  text = generatedBundle(index, stations, SEED).text,
): Promise<NewResult> {
  const bytes = Buffer.from(text, 'ascii')
  const sha = createHash('sha256').update(bytes).digest('hex')
  const admission = await admitBundle(bytes, sha, {
    trustedStationKeys: stations.map((s) => s.publicKeyJwk),
    importedAt: AT,
  })
  if (!admission.ok) throw new Error(`fixture bundle ${String(index)} refused: ${admission.reason}`)
  const { result, eventLines, manifestJson } = admission
  return { result, bundle: bytes, eventLines: eventLines(), manifestJson }
}

/** Runs SQL straight on a target, bypassing the store; returns the rows. */
export async function rawQuery(target: string, sql: string): Promise<Record<string, unknown>[]> {
  if (/^postgres(ql)?:/.test(target)) {
    const client = new pg.Client({ connectionString: target })
    await client.connect()
    try {
      return (await client.query<Record<string, unknown>>(sql)).rows
    } finally {
      await client.end()
    }
  }
  const db = new Database(target)
  try {
    const statement = db.prepare(sql)
    return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), [])
  } finally {
    db.close()
  }
}
