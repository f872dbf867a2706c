/**
 * One timed results import in a process of its own, as `invigil results import` runs: the benchmark's own process
 * holds the 10,000 bundles it wrote (for the raw-verify baseline), and that much memory beside the import made its
 * garbage collector work harder, adding about a second. Run by resultsImportBench.ts, which passes one JSON argument
 * and reads one JSON line back.
 */
import { expandBundleArgs } from '../electron/core/results/bundleFiles'
import { importBundleFiles } from '../electron/core/results/importBundles'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import type { TrustedStation } from '../electron/core/results/resultsStore'
import { elapsedMs } from './stats'

export interface ImportChildJob {
  target: string
  bundleDir: string
  quarantineDir: string
  stations: Pick<TrustedStation, 'stationId' | 'publicKeyJwk'>[]
}

export interface ImportChildResult {
  ms: number
  imported: number
  quarantined: number
}

async function timeImport(job: ImportChildJob): Promise<ImportChildResult> {
  const store = await openResultsStore(job.target)
  try {
    for (const { stationId, publicKeyJwk } of job.stations)
      await store.addTrustedStation({ stationId, publicKeyJwk, addedAt: new Date().toISOString() })
    const start = performance.now()
    const files = await expandBundleArgs([job.bundleDir], job.quarantineDir)
    const summary = await importBundleFiles(files, { store, quarantineDir: job.quarantineDir })
    return { ms: elapsedMs(start), imported: summary.imported, quarantined: summary.quarantined }
  } finally {
    await store.close()
  }
}

const job = JSON.parse(process.argv[2] ?? '{}') as ImportChildJob
process.stdout.write(`${JSON.stringify(await timeImport(job))}\n`)
