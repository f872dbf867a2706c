#!/usr/bin/env node
// `npm test`: every step runs even when an earlier one fails (a lint error must not hide an E2E failure), each
// failure is listed at the end, and the exit code is non-zero when any step failed.
import { spawnSync } from 'node:child_process'

const STEPS = [
  ['lint', 'npm run lint'],
  ['typecheck', 'npm run typecheck'],
  // Builds the app, the renderer the E2E serve and the pre-built CLI the unit tests spawn (out/cli).
  ['build', 'npx electron-vite build'],
  ['unit tests', 'npm run test:unit'],
  ['E2E (Chromium)', 'npx playwright test'],
  ['E2E (Electron main)', 'npm run test:e2e:electron'],
]

const results = []
for (const [name, command] of STEPS) {
  console.log(`\n=== npm test: ${name}: ${command}`)
  const started = performance.now()
  const { status, signal } = spawnSync(command, { shell: true, stdio: 'inherit' })
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  results.push({
    name,
    command,
    ok: status === 0,
    how: signal ? `killed by ${signal}` : `exit ${String(status)}`,
    seconds,
  })
}

console.log('\n=== npm test: summary')
for (const { name, ok, how, seconds } of results)
  console.log(`${ok ? 'passed' : 'FAILED'}  ${name} (${seconds} s${ok ? '' : `, ${how}`})`)
const failed = results.filter((r) => !r.ok)
if (failed.length > 0) {
  console.log(`\n${String(failed.length)} step(s) failed: ${failed.map((r) => `${r.name} (${r.command})`).join('; ')}`)
  process.exitCode = 1
}
