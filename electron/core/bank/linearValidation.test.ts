import { describe, expect, it, vi } from 'vitest'
import type * as Yaml from 'yaml'
import type { Document, Node } from 'yaml'
import { loadBankText } from './loadBank'
import { FIRST_OPTION_LINE, wideBankText } from './testing/wideBank'
import type { WideKeys } from './testing/wideBank'

// Issue #11: a 989 KB bank with 100,000 option keys ran `bank validate` past 120 s, quadratic in the duplicate-key
// check (the parser compared each key with every earlier one) and in locating errors (a scan of the mapping per
// error). Counted here, not timed, so a busy machine cannot decide it: every time the validator reads a key of a
// mapping, and every key comparison the parser makes. The timing is the benchmark's (bench/bankValidateBench.ts).
const count = vi.hoisted(() => ({ keyReads: 0, comparisons: 0 }))

vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof Yaml>()
  const sameKey = (a: unknown, b: unknown): boolean =>
    a === b || (yaml.isScalar(a) && yaml.isScalar(b) && a.value === b.value)
  /** Every pair's key behind a counting getter, once parsing is done. */
  const countKeyReads = (doc: Document): void => {
    yaml.visit(doc, {
      Pair(_, pair) {
        let key = pair.key
        Object.defineProperty(pair, 'key', {
          get: () => {
            count.keyReads++
            return key
          },
          set: (value: unknown) => void (key = value),
          enumerable: true,
          configurable: true,
        })
      },
    })
  }
  return {
    ...yaml,
    parseDocument: (text: string, options?: Yaml.DocumentOptions & Yaml.ParseOptions & Yaml.SchemaOptions) => {
      const counted = (a: Node, b: Node): boolean => {
        count.comparisons++
        return sameKey(a, b)
      }
      const doc = yaml.parseDocument(text, { ...options, uniqueKeys: options?.uniqueKeys === false ? false : counted })
      countKeyReads(doc)
      return doc
    },
  }
})

/** Key reads plus key comparisons for validating a bank with `keys` option keys. */
function operations(keys: number, kind: WideKeys): number {
  const text = wideBankText(keys, kind)
  count.keyReads = 0
  count.comparisons = 0
  loadBankText(text, 'wide.yaml')
  return count.keyReads + count.comparisons
}

describe('validation stays linear in the size of a mapping', () => {
  it.each<WideKeys>(['distinct', 'duplicate'])(
    '%s option keys: a few operations per key, whatever the size',
    (kind) => {
      const small = operations(2_000, kind)
      const large = operations(8_000, kind)
      // Quadratic would be 16 times the operations for 4 times the keys, and thousands per key.
      expect(large).toBeLessThan(10 * 8_000)
      expect(large).toBeLessThanOrEqual(4 * small + 100)
    },
  )

  it('validates the 100,000-key attack bank, every bad key located at its own line', () => {
    count.keyReads = 0
    count.comparisons = 0
    const { bank, diagnostics } = loadBankText(wideBankText(100_000, 'distinct'), 'wide.yaml')
    expect(bank).toBeUndefined()
    expect(diagnostics).toHaveLength(100_000)
    expect(diagnostics.at(-1)).toMatchObject({
      line: FIRST_OPTION_LINE + 99_999,
      column: 11,
      message: '"k99999" is not an option letter',
    })
    expect(count.comparisons).toBe(0)
    expect(count.keyReads).toBeLessThan(10 * 100_000)
  }, 60_000)

  it('reports the first of 100,000 repeated keys at once', () => {
    const { diagnostics } = loadBankText(wideBankText(100_000, 'duplicate'), 'wide.yaml')
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: FIRST_OPTION_LINE + 1, column: 11, message: 'duplicate key "A"' }),
    ])
  }, 60_000)
})
