// Where the pre-built `invigil` CLI lives, and whether it still matches the sources (scripts/build-cli.ts writes it).
// Plain JavaScript with no dependencies: bin/invigil.mjs runs it on every start.
import { readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// From import.meta.url, which stays right when electron-vite bundles its config (and this file with it).
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const BUILT_CLI_DIR = resolve(PACKAGE_ROOT, 'out/cli')
export const BUILT_CLI = resolve(BUILT_CLI_DIR, 'main.mjs')
/** The files the build read (our sources, and package-lock.json for the bundled dependencies). */
export const BUILT_CLI_INPUTS = resolve(BUILT_CLI_DIR, 'inputs.json')

/** True when out/cli holds a build at least as new as each file it was built from. */
export function builtCliIsFresh() {
  try {
    const builtAt = statSync(BUILT_CLI_INPUTS).mtimeMs
    const { inputs } = JSON.parse(readFileSync(BUILT_CLI_INPUTS, 'utf8'))
    return inputs.every((input) => statSync(resolve(PACKAGE_ROOT, input)).mtimeMs <= builtAt)
  } catch {
    // No build, or an input gone (renamed or deleted since): the build no longer matches the sources.
    return false
  }
}
