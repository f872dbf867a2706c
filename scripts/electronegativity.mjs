#!/usr/bin/env node
// Electronegativity (Doyensec's Electron security scanner) over electron/, src/ and package.json, as part of
// `npm run lint`. Its CLI exits 0 whatever it finds, so this script takes its findings, writes them as CSV
// (reports/electronegativity.csv) and fails on any HIGH or MEDIUM finding. A finding may be suppressed only inline,
// on the flagged line, with a reason: `// eng-disable CHECK_NAME -- why this is safe`; a suppression without a
// reason fails the run too. Files it could not parse fail the run (an unparsed file is an unscanned file).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'

const require = createRequire(import.meta.url)
const ROOT = join(dirname(new URL(import.meta.url).pathname), '..')
const INPUTS = ['electron', 'src', 'package.json']
const REPORT = join(ROOT, 'reports', 'electronegativity.csv')
const FAILING = new Set(['HIGH', 'MEDIUM'])
// Needs GitHub to know which Electron releases carry security fixes: offline it reads a stale bundled list, online
// it rewrites files in node_modules. Keeping Electron current is `npm outdated`'s job, not a config finding.
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck']
const SUPPRESSION = /(?:\/\/|\/\*|<!--)\s*eng-disable\s+([A-Z0-9_ \t]+?)\s*(?:--\s*(.*?))?\s*(?:\*\/|-->)?$/
const MIN_REASON_CHARS = 10

/** RFC 4180 CSV, as Electronegativity writes it: quoted fields with "" escapes, commas inside quotes. */

/** Source files under `dir`, as Electronegativity lists them (it skips node_modules). */
function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules') return []
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(m?[jt]sx?|html?)$/.test(name) ? [path] : []
  })
}

/** Every inline suppression, and the ones that give no reason. */
function auditSuppressions(stage) {
  const suppressions = []
  for (const file of sourceFiles(stage)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (!line.includes('eng-disable')) return
        const match = SUPPRESSION.exec(line)
        const where = `${relative(stage, file)}:${index + 1}`
        const reason = match?.[2]?.trim() ?? ''
        suppressions.push({ where, checks: match?.[1]?.trim() ?? '?', reason, ok: reason.length >= MIN_REASON_CHARS })
      })
  }
  return suppressions
}

const csvCell = (value) => `"${String(value ?? '').replace(/"/g, '""')}"`

/**
 * The findings come from the scan result itself. The tool writes its CSV with two unordered fs.writeFile calls
 * (header truncating, rows appending), so its file can lose its rows; once those writes have settled, the report
 * is rewritten whole from the same findings, in the tool's columns.
 */
async function writeReport(rows) {
  await new Promise((resolve) => setTimeout(resolve, 300))
  const header = 'issue,severity,confidence,filename,location,sample,description\n'
  writeFileSync(REPORT, header + rows.map((row) => row.map(csvCell).join(',')).join('\n') + (rows.length ? '\n' : ''))
}

async function main() {
  // Scan a copy holding exactly the inputs, so the report's paths read electron/..., src/..., package.json.
  const stage = mkdtempSync(join(tmpdir(), 'invigil-eng-'))
  try {
    for (const input of INPUTS) cpSync(join(ROOT, input), join(stage, input), { recursive: true })
    mkdirSync(dirname(REPORT), { recursive: true })
    rmSync(REPORT, { force: true })
    const run = require('@doyensec/electronegativity')
    const electronVersion = require('electron/package.json').version
    const result = await run(
      {
        input: stage,
        output: REPORT,
        isSarif: false,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS,
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    )
    const rows = result.issues.map((issue) => [
      issue.id,
      issue.severity.name,
      issue.confidence.name,
      issue.file,
      `${issue.location.line}:${issue.location.column}`,
      issue.sample,
      issue.description,
    ])
    await writeReport(rows)
    const unparsed = result.errors.filter((error) => !error.tolerable)
    const suppressions = auditSuppressions(stage)
    const findings = rows.map(([id, severity, confidence, file, location, sample, description]) => ({
      id,
      severity,
      confidence,
      file,
      location,
      sample,
      description,
    }))
    const failing = findings.filter((finding) => FAILING.has(finding.severity))

    const scanned = sourceFiles(stage).length + 1
    console.log(
      `electronegativity (Electron ${electronVersion}): ${scanned} files, ${findings.length} finding(s) in ${relative(ROOT, REPORT)}`,
    )
    for (const finding of findings) {
      const mark = FAILING.has(finding.severity) ? '✗' : '·'
      console.log(
        `  ${mark} ${finding.file}:${finding.location} ${finding.severity} ${finding.id}: ${finding.description}\n      ${finding.sample}`,
      )
    }
    for (const s of suppressions)
      console.log(
        `  ${s.ok ? '~' : '✗'} ${s.where} suppressed ${s.checks}${s.ok ? `: ${s.reason}` : ': NO REASON (write "-- why" after the check name)'}`,
      )
    for (const error of unparsed)
      console.log(`  ✗ ${relative(stage, error.file)}: not parsed, so not scanned: ${error.message}`)

    const problems = failing.length + unparsed.length + suppressions.filter((s) => !s.ok).length
    if (problems > 0) {
      console.error(
        `electronegativity: FAILED: ${failing.length} HIGH/MEDIUM finding(s), ${unparsed.length} unparsed file(s), ${suppressions.filter((s) => !s.ok).length} suppression(s) without a reason`,
      )
      process.exitCode = 1
    } else {
      console.log(
        `electronegativity: OK: no HIGH or MEDIUM finding; ${suppressions.length} inline suppression(s), each with a reason`,
      )
    }
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error('electronegativity: could not run:', error)
  process.exit(1)
})
