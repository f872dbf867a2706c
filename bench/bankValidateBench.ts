import { LineCounter, parseDocument } from 'yaml'
import { loadBankText } from '../electron/core/bank/loadBank'
import { wideBankText } from '../electron/core/bank/testing/wideBank'
import type { WideKeys } from '../electron/core/bank/testing/wideBank'
import { alternatingMs, round, type Figures } from './stats'

/**
 * `bank validate` on the issue #11 attack, a bank with 100,000 option keys (about 1 MB), against parsing the same
 * text alone (the YAML parser with its line counter, no checks): the validator's own work as a multiple of the
 * parse it cannot avoid. It was quadratic (past 120 s); linear, it stays a small multiple. Two shapes: every key
 * distinct and a located error (the most work), and every key the same (stopped at the first repeat).
 */
export interface BankValidateBenchOptions {
  keys: number
  rounds: number
}

const parseOnly = (text: string) => (): unknown =>
  parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false })

export async function runBankValidateBench(options: BankValidateBenchOptions): Promise<Figures> {
  const figures: Figures = [['bank_validate_keys', options.keys]]
  for (const kind of ['distinct', 'duplicate'] satisfies WideKeys[]) {
    const text = wideBankText(options.keys, kind)
    const [parseMs, validateMs] = await alternatingMs(
      parseOnly(text),
      () => loadBankText(text, 'wide.yaml'),
      options.rounds,
      1,
    )
    const perRun = (ms: number): string => (ms / options.rounds).toFixed(0)
    console.log(
      `# bank validate, ${String(options.keys)} ${kind} option keys (${String(text.length)} bytes): parse ${perRun(parseMs)} ms, validate ${perRun(validateMs)} ms`,
    )
    figures.push([`bank_validate_${kind}_ratio`, round(validateMs / parseMs)])
  }
  return figures
}
