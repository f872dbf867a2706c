import { sumPoints } from '../../bankTotals'
import type { BankPath } from '../../locate'
import type { Item, ScenarioPart, Section } from '../../schema'
import { itemId, itemLabel } from './draft'
import type { DraftItem, DraftSection, Field, Report } from './draft'
import { fieldText } from './mappedText'
import { declaredPointsEach } from './sections'

/** A bank string and the body text it came from, so later checks (encoding damage) can name its path. */
export interface BuiltField {
  path: BankPath
  field: Field
}

interface Builder {
  text: string
  report: Report
  fields: BuiltField[]
}

function take(builder: Builder, path: BankPath, field: Field): string {
  builder.fields.push({ path, field })
  return fieldText(builder.text, field)
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  (value ? { [key]: value } : {}) as Partial<Record<K, string>>

function explanationOf(builder: Builder, item: DraftItem, path: BankPath): string | undefined {
  const texts = item.explanations.map((field) => take(builder, [...path, 'explanation'], field)).filter(Boolean)
  return texts.length > 0 ? texts.join('\n') : undefined
}

const missingKeyHint =
  'give the key inline (參考答案:B, or (√)/(×) after a statement) or in a trailing 答案與解析 section'

/** The key, checked against the options the way the validator will; undefined (and reported) when unusable. */
function choiceKey(builder: Builder, item: DraftItem, label: string): string[] | undefined {
  const { report } = builder
  const key = item.key
  if (!key || typeof key.value === 'boolean') {
    const cut = item.truncated ? ' (the source is cut off before it)' : ''
    report('error', item.start, `${label} has no key${cut}`, missingKeyHint)
    return undefined
  }
  const letters = [...key.value]
  const unknown = letters.find((letter) => !item.options.some((option) => option.letter === letter))
  const repeated = letters.find((letter, i) => letters.indexOf(letter) !== i)
  const problem = unknown
    ? `its key names option ${unknown}, which it does not have`
    : repeated
      ? `its key names option ${repeated} twice`
      : item.type === 'single' && letters.length !== 1
        ? `it is single choice but its key names ${letters.join('、')}`
        : item.type === 'multiple' && letters.length < 2
          ? `it is multiple choice but its key names only ${letters.join('')}`
          : undefined
  if (problem) {
    report('error', key.at, `${label}: ${problem}`, 'correct the key, or move the item to the section of its real type')
    return undefined
  }
  return letters
}

function buildParts(
  builder: Builder,
  item: DraftItem,
  id: string,
  path: BankPath,
  label: string,
): ScenarioPart[] | undefined {
  const parts: ScenarioPart[] = []
  for (const [p, part] of item.parts.entries()) {
    const partPath = [...path, 'parts', p]
    const stem = take(builder, [...partPath, 'stem'], part.stem)
    if (!stem) {
      builder.report(
        'error',
        part.at,
        `${label}: sub-question (${part.number}) has no question text`,
        'write the question before its points, e.g. (1)…?(5分)',
      )
      return undefined
    }
    const answer = part.answer ? take(builder, [...partPath, 'reference_answer'], part.answer) : undefined
    parts.push({
      id: `${id}.${part.number}`,
      type: 'short_answer',
      stem,
      points: part.points,
      ...optional('reference_answer', answer),
      ...(part.truncated ? { truncated: true } : {}),
    })
  }
  return parts
}

function buildItem(builder: Builder, section: DraftSection, item: DraftItem, path: BankPath): Item | undefined {
  const label = itemLabel(section, item)
  const id = itemId(section, item)
  const common = {
    id,
    number: String(item.number),
    stem: take(builder, [...path, 'stem'], item.stem),
    points: declaredPointsEach(section.heading) ?? sumPoints(item.parts.map((part) => part.points)),
    ...optional('explanation', explanationOf(builder, item, path)),
    ...(item.truncated ? { truncated: true as const } : {}),
    ...optional('notes', item.notes.join('\n')),
  }
  switch (item.type) {
    case 'single':
    case 'multiple': {
      const options: Record<string, string> = {}
      for (const option of item.options) {
        options[option.letter] = take(builder, [...path, 'options', option.letter], option.text)
        if (!options[option.letter])
          builder.report(
            'error',
            option.at,
            `${label}: option ${option.letter} is empty`,
            'write the option text after its letter',
          )
      }
      const key = choiceKey(builder, item, label)
      if (!key || Object.values(options).some((text) => !text)) return undefined
      return item.type === 'single'
        ? { ...common, type: 'single', options, key: key[0] ?? '' }
        : { ...common, type: 'multiple', options, key }
    }
    case 'true_false':
      if (typeof item.key?.value !== 'boolean') {
        builder.report(
          'error',
          item.start,
          `${label} has no answer${item.truncated ? ' (the source is cut off before it)' : ''}`,
          missingKeyHint,
        )
        return undefined
      }
      return { ...common, type: 'true_false', key: item.key.value }
    case 'short_answer':
      return {
        ...common,
        type: 'short_answer',
        ...optional('reference_answer', item.answer && take(builder, [...path, 'reference_answer'], item.answer)),
      }
    case 'scenario': {
      const parts = buildParts(builder, item, id, path, label)
      return parts ? { ...common, type: 'scenario', parts } : undefined
    }
  }
}

/** Bank sections from the drafts; undefined when an item lacks what its type needs (each one reported). */
export function buildSections(
  text: string,
  drafts: readonly DraftSection[],
  report: Report,
): { sections: Section[]; fields: BuiltField[] } | undefined {
  const builder: Builder = { text, report, fields: [] }
  let ok = true
  const sections = drafts.map((draft, s): Section => {
    const items: Item[] = []
    draft.items.forEach((draftItem, i) => {
      const item = buildItem(builder, draft, draftItem, ['sections', s, 'items', i])
      if (item) items.push(item)
      else ok = false
    })
    const { declared } = draft.heading
    return { id: draft.id, title: draft.heading.title, ...(declared ? { declared } : {}), items }
  })
  return ok ? { sections, fields: builder.fields } : undefined
}
