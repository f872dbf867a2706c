#!/usr/bin/env node
// `npm test`: every step runs even when an earlier one fails (a lint error must not hide an E2E failure), each
// failure is listed at the end, and the exit code is non-zero when any step failed.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const STEPS = [
  ['lint', 'npm run lint'],
  ['typecheck', 'npm run typecheck'],
  // Builds the app, the renderer the E2E serve and the pre-built CLI the unit tests spawn (out/cli).
  ['build', 'npx electron-vite build'],
  ['unit tests', 'npm run test:unit'],
  ['E2E (Chromium)', 'npx playwright test'],
  ['E2E (Electron main)', 'npm run test:e2e:electron'],
]

/** Tracked files with changes, with a digest of each, so a run that rewrites a file already modified shows too. */
function trackedChanges() {
  const listed = spawnSync('git', ['diff', '--name-only', 'HEAD'], { encoding: 'utf8' })
  if (listed.status !== 0) return undefined
  // A deleted file has no content to digest; its name in the list is enough.
  const files = listed.stdout.split('\n').filter((file) => file !== '' && existsSync(file))
  if (files.length === 0) return ''
  const digests = spawnSync('git', ['hash-object', '--', ...files], { encoding: 'utf8' })
  return digests.status === 0 ? `${files.join('\n')}\n${digests.stdout}` : undefined
}

const results = []
// Running the tests must not change the tree (screenshots go to reports/ unless asked to refresh them).
const before = trackedChanges()
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

const after = trackedChanges()
if (before === undefined || after === undefined) {
  console.log('\n=== npm test: not a git checkout; tracked files not compared')
} else {
  const changed = spawnSync('git', ['diff', '--name-only', 'HEAD'], { encoding: 'utf8' }).stdout.trim()
  results.push({
    name: 'tracked files unchanged by the run',
    command: 'git diff --name-only HEAD',
    ok: before === after,
    how: `changed: ${changed.replaceAll('\n', ', ')}`,
    seconds: '0',
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
