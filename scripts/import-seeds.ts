// Regenerates banks/*.yaml from the raw seed papers in ../shared/seeds: the text importer's output plus the
// hand edits listed in scripts/seedHandEdits.ts (npx tsx scripts/import-seeds.ts). A test checks the result.
import { readFileSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { formatDiagnostic, hasErrors } from '../electron/core/bank/diagnostics'
import { importTextPaper } from '../electron/core/bank/import/text'
import { loadBankText } from '../electron/core/bank/loadBank'
import { bankToYaml } from '../electron/core/bank/serialize'
import { applyHandEdits, bankFile, seedFile, seedHandEdits, seedPapers } from './seedHandEdits'

for (const paper of seedPapers) {
  const file = relative(process.cwd(), seedFile(paper.seed))
  const imported = importTextPaper(readFileSync(seedFile(paper.seed), 'utf8'), { file, ...paper.options })
  for (const diagnostic of imported.diagnostics) console.log(formatDiagnostic(diagnostic))
  if (!imported.bank) {
    process.exitCode = 1
    continue
  }
  const yaml = bankToYaml(applyHandEdits(imported.bank, seedHandEdits[paper.options.id] ?? []))
  const target = relative(process.cwd(), bankFile(paper.bank))
  const checked = loadBankText(yaml, target)
  for (const diagnostic of checked.diagnostics) console.log(formatDiagnostic(diagnostic))
  if (hasErrors(checked.diagnostics)) {
    process.exitCode = 1
    continue
  }
  writeFileSync(bankFile(paper.bank), yaml)
  console.log(`wrote ${target}`)
}
