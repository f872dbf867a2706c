import { z } from 'zod'
import type { BankPath } from './locate'
import { bankSchema } from './schema'

/** Strips optional/default wrappers and, for a union on `type`, picks the variant the data names. */
function resolveVariants(schema: z.ZodType, value: unknown): z.ZodType[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return resolveVariants(schema.def.innerType as z.ZodType, value)
  }
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const options = schema.options as z.ZodType[]
    const discriminator = schema.def.discriminator
    const named = isRecord(value) ? value[discriminator] : undefined
    const matching = options.filter((option) => {
      const literal = option instanceof z.ZodObject ? option.shape[discriminator] : undefined
      return literal instanceof z.ZodLiteral && literal.values.has(named as z.core.util.Literal)
    })
    // An unknown or missing type: any variant's keys may be meant.
    return matching.length > 0 ? matching : options
  }
  return [schema]
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function childSchema(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) return (schema.shape as Record<string, z.ZodType | undefined>)[String(segment)]
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType
  return undefined
}

function childValue(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment]
  return isRecord(value) ? value[String(segment)] : undefined
}

/** The value at `path` in plain parsed data; undefined when the path leaves the data. */
export const valueAt = (data: unknown, path: BankPath): unknown => path.reduce(childValue, data)

/** True when the mapping that should hold the last key of `path` exists but lacks that key. */
export function isMissingKey(data: unknown, path: BankPath): boolean {
  const key = path.at(-1)
  const parent = valueAt(data, path.slice(0, -1))
  return typeof key === 'string' && isRecord(parent) && !Object.hasOwn(parent, key)
}

/** The keys the bank format allows in the mapping at `path` of `data`, e.g. the keys of a single-choice item. */
export function allowedKeysAt(data: unknown, path: BankPath): string[] {
  let schemas: z.ZodType[] = [bankSchema]
  let value = data
  for (const segment of path) {
    schemas = schemas
      .flatMap((schema) => resolveVariants(schema, value))
      .map((schema) => childSchema(schema, segment))
      .filter((schema) => schema !== undefined)
    value = childValue(value, segment)
  }
  const keys = schemas
    .flatMap((schema) => resolveVariants(schema, value))
    .flatMap((schema) => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []))
  return [...new Set(keys)]
}

/** Edit distance counting a swap of neighbours as one edit, since "tilte" for "title" is the usual typo. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Infinity
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1)
      const row = rows[i]
      if (row) row[j] = best
    }
  }
  return at(a.length, b.length)
}

/** The candidate the author most likely meant, if one is close enough to be a typo. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase()
  const limit = Math.max(1, Math.min(2, Math.floor(word.length / 3)))
  // "duration" for "duration_minutes": a cut-short name counts as close too.
  const distanceTo = (name: string): number =>
    Math.min(editDistance(lower, name.toLowerCase()), word.length >= 4 && name.startsWith(lower) ? limit : Infinity)
  let best: { name: string; distance: number } | undefined
  for (const name of candidates) {
    const distance = distanceTo(name)
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}
