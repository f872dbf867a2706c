#!/usr/bin/env node
// Prints one closing line a CI reader can trust, from the JSON reports vitest and Playwright wrote in this run.
import { existsSync, readFileSync } from 'node:fs'

function read(report) {
  if (!existsSync(report)) {
    console.error(`test-summary: ${report} is missing; the suite did not run completely`)
    process.exit(1)
  }
  return JSON.parse(readFileSync(report, 'utf8'))
}

const unit = read('reports/unit.json')
const { stats: e2e } = read('reports/e2e.json')
const passed = unit.numPassedTests + e2e.expected + e2e.flaky
const failed = unit.numFailedTests + e2e.unexpected
const skipped = unit.numPendingTests + (unit.numTodoTests ?? 0) + e2e.skipped
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
