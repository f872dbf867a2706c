import type { Item, ScenarioPart } from '../bank/schema'

/** What a candidate answers and a grader marks: a plain item, or one part of a scenario. */
export type AnswerableUnit = Exclude<Item, { type: 'scenario' }> | ScenarioPart

/** A scenario is answered part by part; every other item is answered whole. Ids are unique across a bank. */
export const answerableUnits = (item: Item): AnswerableUnit[] => (item.type === 'scenario' ? item.parts : [item])

/** Option letters in their original (alphabetical) order; empty for true/false and short answers. */
export const originalLetters = (unit: AnswerableUnit): string[] =>
  unit.type === 'single' || unit.type === 'multiple' ? Object.keys(unit.options).sort() : []
