// Builds the `invigil` CLI (and with it the browser host) into out/cli/main.mjs, so it starts as plain JavaScript
// instead of compiling TypeScript through tsx on every run. Runs inside `electron-vite build` (electron.vite.config.ts),
// before the unit tests (vitest globalSetup) and on its own: `npm run build:cli`.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { BUILT_CLI, BUILT_CLI_DIR, BUILT_CLI_INPUTS, PACKAGE_ROOT, builtCliIsFresh } from '../bin/builtCli.mjs'

/** Chunks of an earlier build are kept this long: a CLI started from it may still load one lazily. */
const STALE_CHUNK_MS = 3_600_000

/** Replaces a file whole, so a CLI starting beside the build reads the old file or the new one, never half of one. */
function writeWhole(path: string, contents: Uint8Array | string): void {
  const temp = `${path}.${String(process.pid)}.tmp`
  writeFileSync(temp, contents)
  renameSync(temp, path)
}

export async function buildCli(): Promise<{ outfile: string; inputs: string[] }> {
  const startedAt = new Date()
  const result = await build({
    absWorkingDir: PACKAGE_ROOT,
    entryPoints: { main: 'electron/cli/main.ts' },
    // At out/cli/, `import.meta.dirname/../..` is the package root, as it is from electron/cli/ (renderer, banks).
    outdir: BUILT_CLI_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dependencies bundled too: one file to read instead of hundreds to resolve. A dynamic import (exceljs, pg)
    // becomes its own chunk, loaded only by the command that needs it.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // A native addon, and pg's optional native binding (required only when installed).
    // jsdom (SVG sanitising at package build) loads its worker files by path, so it cannot be bundled.
    external: ['better-sqlite3', 'pg-native', 'jsdom'],
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: {
      js: "import { createRequire as __invigilRequire } from 'node:module'; const require = __invigilRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  // Chunks first and main.mjs last: a CLI starting now finds every chunk its main.mjs names.
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === BUILT_CLI) - Number(b.path === BUILT_CLI))
  mkdirSync(BUILT_CLI_DIR, { recursive: true })
  rmSync(BUILT_CLI_INPUTS, { force: true })
  for (const file of files) writeWhole(file.path, file.contents)
  const written = new Set(files.map((file) => basename(file.path)))
  for (const name of readdirSync(BUILT_CLI_DIR)) {
    const path = join(BUILT_CLI_DIR, name)
    if (!written.has(name) && Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { force: true })
  }
  // Our own sources, and the lock file for the bundled dependencies: a change to any of them makes the build stale.
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/')),
    'package-lock.json',
  ].sort()
  writeWhole(BUILT_CLI_INPUTS, `${JSON.stringify({ inputs }, null, 1)}\n`)
  // Dated when the build read its inputs: a source saved during the build leaves it stale.
  utimesSync(BUILT_CLI_INPUTS, startedAt, startedAt)
  return { outfile: BUILT_CLI, inputs }
}

/** Builds unless out/cli already matches the sources. */
export async function buildCliIfStale(): Promise<void> {
  if (!builtCliIsFresh()) await buildCli()
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile, inputs } = await buildCli()
  console.log(`invigil CLI: ${String(inputs.length)} files -> ${relative(PACKAGE_ROOT, outfile)}`)
}
