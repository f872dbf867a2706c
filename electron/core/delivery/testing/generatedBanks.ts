import { bankSchema } from '../../bank/schema'
import type { Bank, Item, ScenarioPart } from '../../bank/schema'
import { seededUint32, uniformBelow } from '../seededShuffle'

/**
 * Random valid banks for property tests (test support, not shipped behaviour). Every hidden text (explanations,
 * notes, reference answers, source) carries a unique marker, so a search of a serialized view for it is meaningful.
 */
export function generateBank(seed: string): Bank {
  const next = seededUint32(seed, 'generated-bank')
  const below = (n: number): number => uniformBelow(next, n)
  const chance = (): boolean => below(2) === 0
  let counter = 0
  const nextId = (prefix: string): string => `${prefix}-${++counter}`
  const hidden = (what: string, id: string): string => `HIDDEN ${what} ${id} ${seed}`
  const extras = (id: string): { explanation?: string; notes?: string } => ({
    ...(chance() ? { explanation: hidden('explanation', id) } : {}),
    ...(chance() ? { notes: hidden('notes', id) } : {}),
  })
  const letters = (n: number): string[] => 'ABCDEFGH'.slice(0, n).split('')
  const options = (id: string, count: number): Record<string, string> =>
    Object.fromEntries(letters(count).map((letter) => [letter, `option ${letter} of ${id}`]))

  function part(type: number): ScenarioPart {
    const id = nextId('unit')
    const common = { id, stem: `stem of ${id}`, points: 1 + below(5), ...extras(id) }
    const count = 2 + below(5)
    switch (type) {
      case 0:
        return { ...common, type: 'single', options: options(id, count), key: letters(count)[below(count)] ?? 'A' }
      case 1: {
        const key = letters(count).filter(() => chance())
        const scoring = chance() ? { scoring: 'partial' as const } : {}
        return {
          ...common,
          type: 'multiple',
          options: options(id, count),
          key: key.length > 0 ? key : ['A'],
          ...scoring,
        }
      }
      case 2:
        return { ...common, type: 'true_false', key: chance() }
      default:
        return {
          ...common,
          type: 'short_answer',
          ...(chance() ? { reference_answer: hidden('reference answer', id) } : {}),
        }
    }
  }
  function item(): Item {
    const type = below(5)
    if (type < 4) return part(type)
    const id = nextId('scenario')
    const parts = Array.from({ length: 1 + below(3) }, () => part(below(4)))
    return { id, type: 'scenario', stem: `scenario ${id}`, points: 10, parts, ...extras(id) }
  }
  const sections = Array.from({ length: 1 + below(3) }, (_, s) => ({
    id: `section-${s + 1}`,
    title: `Section ${s + 1}`,
    ...(chance() ? { shuffle: { items: chance(), options: chance() } } : {}),
    items: Array.from({ length: 1 + below(6) }, item),
  }))
  return bankSchema.parse({
    format: 'invigil-bank/1',
    id: `generated-${seed}`,
    title: `Generated ${seed}`,
    language: 'en',
    duration_minutes: 30,
    ...(chance() ? { pass_mark: 5 } : {}),
    ...(chance() ? { multiple_scoring: 'partial' } : {}),
    source: {
      file: 'generated.txt',
      description: hidden('source description', seed),
      notes: hidden('source notes', seed),
    },
    sections,
  })
}
