// @ts-check
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/**
 * `invigil/no-import-loop`: no module may reach itself through its imports, type-only imports included (import-x's
 * no-cycle skips those, and a type loop is still one module spread over two files). The rule reads the import graph
 * of electron/ and src/ once per process (the linted file's own imports come from its live syntax tree) and reports
 * each import that closes a loop, with the loop's path.
 */
const ROOTS = ['electron', 'src']
const SOURCE = /\.(ts|vue)$/
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path)
    return SOURCE.test(entry.name) ? [path] : []
  })
}

/** @param {string} root @param {string} from @param {string} spec */
function resolveSpecifier(root, from, spec) {
  const base =
    spec === '@contract'
      ? join(root, 'electron/core/api/contract')
      : spec.startsWith('.')
        ? resolve(dirname(from), spec)
        : null
  if (!base) return null
  for (const candidate of [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')]) {
    if (SOURCE.test(candidate) && existsSync(candidate)) return candidate
  }
  return null
}

/** @param {string} root @param {string} file @param {string} text @returns {string[]} */
const importsOf = (root, file, text) =>
  [...text.matchAll(SPECIFIER)].flatMap((match) => resolveSpecifier(root, file, match[1] ?? match[2] ?? '') ?? [])

/** @type {Map<string, Map<string, string[]>>} */
const graphs = new Map()

/** @param {string} root */
function graphOf(root) {
  let graph = graphs.get(root)
  if (!graph) {
    graph = new Map()
    for (const file of ROOTS.flatMap((folder) => sourceFiles(join(root, folder)))) {
      graph.set(file, importsOf(root, file, readFileSync(file, 'utf8')))
    }
    graphs.set(root, graph)
  }
  return graph
}

/** A path from `start` back to `goal`, or null. @param {Map<string, string[]>} graph @param {string} start @param {string} goal */
function pathBack(graph, start, goal) {
  /** @type {Map<string, string | null>} */
  const cameFrom = new Map([[start, null]])
  const queue = [start]
  while (queue.length > 0) {
    const node = /** @type {string} */ (queue.shift())
    if (node === goal) {
      const path = []
      for (let at = /** @type {string | null} */ (node); at !== null; at = cameFrom.get(at) ?? null) path.unshift(at)
      return path
    }
    for (const next of node === goal ? [] : (graph.get(node) ?? [])) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node)
        queue.push(next)
      }
    }
  }
  return null
}

/** @type {import('eslint').Rule.RuleModule} */
const noImportLoop = {
  meta: { type: 'problem', docs: { description: 'no import loops, type-only imports included' }, schema: [] },
  create(context) {
    const file = context.filename
    if (!SOURCE.test(file)) return {}
    const root = context.cwd
    /** @param {import('estree').Node & { source?: import('estree').Node | null }} node */
    const check = (node) => {
      const source = node.source
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return
      const target = resolveSpecifier(root, file, source.value)
      if (!target) return
      const loop = target === file ? [file] : pathBack(graphOf(root), target, file)
      if (!loop) return
      const names = [file, ...loop].map((path) => relative(root, path))
      context.report({
        node,
        message: `'${source.value}' closes an import loop: ${names.join(' -> ')}. Move what both need into a module both import.`,
      })
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    }
  },
}

export default { rules: { 'no-import-loop': noImportLoop } }
