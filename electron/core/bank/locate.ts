import { isAlias, isMap, isNode, isScalar, isSeq } from 'yaml'
import type { Document, LineCounter, Pair, YAMLMap } from 'yaml'
import { formatPath } from './diagnostics'
import type { Diagnostic } from './diagnostics'

export type BankPath = readonly (string | number)[]

/** A problem found in the bank's data, located by its path; locate.ts turns the path into line:column. */
export interface BankProblem {
  severity: Diagnostic['severity']
  path: BankPath
  message: string
  hint?: string
  /** Point at the key itself rather than its value: the key is what is wrong (unknown key, bad option letter). */
  at?: 'key'
}

export interface SourcePosition {
  line: number
  column: number
}

export type BankLocator = (path: BankPath, at?: 'key') => SourcePosition

const keyName = (key: unknown): string | undefined => (isScalar(key) ? String(key.value) : undefined)

/** `stem:` with nothing after it: there is no value to point at, so point at its key. */
const isEmptyValue = (value: unknown): boolean =>
  value === null || (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1])

/**
 * Walks the parsed YAML along a bank path and returns where the path ends in the source. When the path leaves
 * the source (a missing key, an index past the end), it stops at the deepest node that exists: for a missing key
 * that is the mapping the key belongs in. Each mapping's keys are indexed on first use, so locating one problem per
 * key of a 100,000-key mapping stays linear.
 */
export function createLocator(doc: Document, lineCounter: LineCounter): BankLocator {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>()
  const pairNamed = (map: YAMLMap, name: string): Pair | undefined => {
    let index = indexes.get(map)
    if (!index) {
      index = new Map()
      // The first pair of a name, as a scan from the top would find it.
      for (const pair of map.items) {
        const key = keyName(pair.key)
        if (key !== undefined && !index.has(key)) index.set(key, pair)
      }
      indexes.set(map, index)
    }
    return index.get(name)
  }

  const positionOf = (node: unknown): SourcePosition | undefined => {
    const offset = isNode(node) ? node.range?.[0] : undefined
    if (offset === undefined) return undefined
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }

  return (path, at) => {
    let node: unknown = doc.contents
    let position = positionOf(doc.contents) ?? { line: 1, column: 1 }
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(doc)
      const last = index === path.length - 1
      if (isMap(node)) {
        const pair = pairNamed(node, String(segment))
        if (!pair) break
        if ((last && at === 'key') || isEmptyValue(pair.value)) {
          position = positionOf(pair.key) ?? position
          break
        }
        node = pair.value
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment]
        if (node === undefined) break
      } else {
        break
      }
      position = positionOf(node) ?? position
    }
    return position
  }
}

export function locateProblems(problems: readonly BankProblem[], locate: BankLocator, file: string): Diagnostic[] {
  return problems.map((problem) => {
    const { line, column } = locate(problem.path, problem.at)
    const diagnostic: Diagnostic = {
      severity: problem.severity,
      file,
      line,
      column,
      path: formatPath(problem.path),
      message: problem.message,
    }
    if (problem.hint) diagnostic.hint = problem.hint
    return diagnostic
  })
}
