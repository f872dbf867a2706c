import { buildCliIfStale } from '../../scripts/build-cli'

/**
 * Vitest global setup: tests that spawn `node bin/invigil.mjs` run the pre-built CLI (about 0.1 s to start on an idle
 * machine instead of 1 s through tsx; 5-10 s under load), so the CLI is built first whenever the sources changed.
 */
export default async function setup(): Promise<void> {
  await buildCliIfStale()
}
