#!/usr/bin/env node
// Prints one closing line a CI reader can trust, from the JSON reports vitest and Playwright wrote in this run.
// The _electron suite reports its tests as skipped where no Electron binary is installed; they count as skipped.
import { existsSync, readFileSync } from 'node:fs'

function read(report) {
  if (!existsSync(report)) {
    console.error(`test-summary: ${report} is missing; the suite did not run completely`)
    process.exit(1)
  }
  return JSON.parse(readFileSync(report, 'utf8'))
}

const unit = read('reports/unit.json')
const suites = [read('reports/e2e.json').stats, read('reports/e2e-electron.json').stats]
const passed = unit.numPassedTests + suites.reduce((n, s) => n + s.expected + s.flaky, 0)
const failed = unit.numFailedTests + suites.reduce((n, s) => n + s.unexpected, 0)
const skipped = unit.numPendingTests + (unit.numTodoTests ?? 0) + suites.reduce((n, s) => n + s.skipped, 0)
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
