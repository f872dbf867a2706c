import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { CRASH_CHILD } from '../electron/core/session/testing/crashProtocol'

/**
 * Bundles electron/core/session/testing/crashChild.ts once into one .mjs for plain `node`: starting tsx for each of
 * 1000 trials would cost ~0.5 s a spawn. better-sqlite3 stays external (a native addon) and is imported from this
 * repo's node_modules by absolute URL, because the bundle lives in a temp dir.
 */
export async function buildCrashChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'crashChild.mjs')
  const sqliteUrl = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href
  await build({
    entryPoints: [CRASH_CHILD],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'better-sqlite3-from-repo',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqliteUrl, external: true }))
        },
      },
    ],
  })
  return outfile
}
