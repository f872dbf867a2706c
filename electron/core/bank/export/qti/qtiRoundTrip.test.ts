import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankText } from '../../loadBank'
import type { Bank } from '../../schema'
import { importQti } from '../../import/qti'
import { exportQti } from '.'

const root = resolve(import.meta.dirname, '../../../../..')
const seedBank = (name: string): Bank => {
  const file = join(root, 'banks', name)
  const loaded = loadBankText(readFileSync(file, 'utf8'), file)
  if (!loaded.bank) throw new Error(`${name} does not load`)
  return loaded.bank
}

describe('bank -> QTI 3.0 -> bank', () => {
  for (const name of ['it-customer-service-certification-2026.yaml', 'customer-service-interview-2026.yaml']) {
    it(`gives back ${name} unchanged`, () => {
      const bank = seedBank(name)
      const exported = exportQti(bank)
      if (!exported.ok) throw new Error(exported.message)
      const imported = importQti(exported.zip, { file: 'out.zip' })
      expect(imported.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      expect(imported.bank).toEqual(bank)
    })
  }
})
