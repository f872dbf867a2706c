#!/usr/bin/env node
// The `invigil` CLI runs the TypeScript core directly under plain Node (via tsx), so it needs no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../electron/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
