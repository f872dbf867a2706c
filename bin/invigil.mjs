#!/usr/bin/env node
// The `invigil` CLI. It runs the pre-built JavaScript in out/cli (built by `npm run build`, `electron-vite build` and
// the test run) while that build is newer than every file it was built from; otherwise, or with
// INVIGIL_CLI_FROM_SOURCE=1, it runs the TypeScript sources through tsx (about a second slower to start).
import { BUILT_CLI, builtCliIsFresh } from './builtCli.mjs'

let main
if (process.env.INVIGIL_CLI_FROM_SOURCE !== '1' && builtCliIsFresh()) {
  ;({ main } = await import(BUILT_CLI))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../electron/cli/main.ts'))
}
process.exitCode = await main(process.argv.slice(2))
