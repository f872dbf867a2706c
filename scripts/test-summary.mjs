#!/usr/bin/env node
// Prints one closing line a CI reader can trust, from the JSON reports vitest and Playwright wrote.
import { existsSync, readFileSync } from 'node:fs'

for (const report of ['reports/unit.json', 'reports/e2e.json']) {
  if (!existsSync(report)) {
    console.error(`test-summary: ${report} is missing; the suite did not run completely`)
    process.exit(1)
  }
}

let passed = 0
let failed = 0
let skipped = 0
const unit = 'reports/unit.json'
{
  const report = JSON.parse(readFileSync(unit, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + (report.numTodoTests ?? 0)
}
const e2e = 'reports/e2e.json'
{
  const { stats } = JSON.parse(readFileSync(e2e, 'utf8'))
  passed += stats.expected + stats.flaky
  failed += stats.unexpected
  skipped += stats.skipped
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
