import { isCollection, isScalar, visit } from 'yaml'
import type { Document } from 'yaml'

/**
 * The keys a bank cannot hold, found in one pass over every mapping: a key written twice, a list or mapping used as
 * a key, and `__proto__`, which a JS object swallows (`options: {__proto__: …}` would lose an option unseen). The
 * parser's own duplicate check compares each key with every earlier key of its mapping, so a 100,000-key mapping
 * took minutes; one Set per mapping keeps this linear.
 */
export interface UnfitKey {
  /** Where the key starts in the source text. */
  offset: number
  kind: 'collection' | 'proto'
}

export interface KeyProblems {
  /** Where the first key that repeats an earlier key of its mapping starts: a syntax error, as YAML says. */
  duplicate?: number
  /** The first list, mapping or `__proto__` used as a key. */
  unfit?: UnfitKey
}

/** The key as the JS object gets it: `1:` and `"1":` are the same member, as are `~:` and `"":`. */
const memberName = (value: unknown): string => (value === null || value === undefined ? '' : String(value))

const earlier = (a: UnfitKey | undefined, b: UnfitKey): UnfitKey => (a && a.offset <= b.offset ? a : b)

export function findKeyProblems(doc: Document): KeyProblems {
  const problems: KeyProblems = {}
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>()
      for (const { key } of map.items) {
        const offset = (isCollection(key) || isScalar(key) ? key.range?.[0] : undefined) ?? 0
        if (isCollection(key)) {
          problems.unfit = earlier(problems.unfit, { offset, kind: 'collection' })
        } else if (isScalar(key)) {
          const name = memberName(key.value)
          if (name === '__proto__') problems.unfit = earlier(problems.unfit, { offset, kind: 'proto' })
          if (seen.has(name)) problems.duplicate = Math.min(problems.duplicate ?? offset, offset)
          seen.add(name)
        }
      }
      return undefined
    },
  })
  return problems
}
