import type { MultipleScoring, ScenarioPart } from '../../schema'
import type { ImportReport } from '../importReporter'
import type { BodyReader, FlowText } from './bodyText'
import { mappingMaximum, multipleScoring, readResponseDeclaration, statedPoints } from './qtiScoring'
import type { ResponseDeclaration } from './qtiScoring'
import { childElements, descendants, firstChild } from './qtiXml'
import type { XmlElement } from './qtiXml'

/** A part without its id: the bank id is given by the importer, which keeps ids unique across the bank. */
export type ItemContent = ScenarioPart extends infer P ? (P extends ScenarioPart ? Omit<P, 'id'> : never) : never

export interface ReadItem {
  identifier: string
  label?: string
  lang?: string
  content: ItemContent
  /** The interaction asks for its choices shuffled. */
  shuffle: boolean
  /** The effective multiple-response rule the item's response processing expresses. */
  scoring?: MultipleScoring
  stimulusRefs: { identifier: string; href: string; start: number }[]
}

const SUPPORTED = new Set(['choiceInteraction', 'extendedTextInteraction', 'textEntryInteraction'])
/** Our export writes explanations as a rubric block for scorers with this `use`; candidates never see it. */
export const EXPLANATION_USE = 'explanation'
const TRUE_FALSE = ['true', 'false']

/** The body's text with the interaction replaced by its prompt (choice, essay) or a blank (text entry). */
/** Reports a flow's notices (warnings unless they say otherwise) and gives its text. */
export function reportedText(flow: FlowText, report: ImportReport): string {
  for (const n of flow.notices) report(n.severity ?? 'warning', n.offset, n.message, n.hint)
  return flow.text
}

function bodyText(
  body: XmlElement,
  interaction: XmlElement,
  explanation: string[],
  report: ImportReport,
  reader: BodyReader,
): FlowText {
  const noticesFrom = (flow: FlowText): string => reportedText(flow, report)
  return reader.flow(body.children, (element) => {
    if (element === interaction) {
      const prompt = firstChild(element, 'prompt')
      if (element.name === 'textEntryInteraction') return reader.blank
      return prompt ? reader.block(noticesFrom(reader.flow(prompt.children))) : ''
    }
    if (element.name === 'rubricBlock') {
      const view = element.attrs.view ?? ''
      if (element.attrs.use === EXPLANATION_USE) explanation.push(noticesFrom(reader.flow(element.children)))
      return view.split(/\s+/).includes('candidate') ? undefined : ''
    }
    if (/^(feedbackInline|feedbackBlock|templateInline|templateBlock|printedVariable)$/.test(element.name)) return ''
    return undefined
  })
}

/** Reads one assessmentItem; reports located errors and returns undefined for what the bank cannot hold. */
export function readQtiItem(item: XmlElement, report: ImportReport, reader: BodyReader): ReadItem | undefined {
  const identifier = item.attrs.identifier ?? ''
  const name = `item "${identifier}"`
  const body = firstChild(item, 'itemBody')
  const interactions = body ? [body, ...descendants(body)].filter((e) => e.name.endsWith('Interaction')) : []
  const unsupported = interactions.filter((e) => !SUPPORTED.has(e.name))
  for (const e of unsupported)
    report(
      'error',
      e.start,
      `${name}: <${e.tag}> is not supported`,
      'Invigil imports choice, extended-text and text-entry interactions',
    )
  if (unsupported.length > 0) return undefined
  const interaction = interactions[0]
  if (!body || !interaction) {
    report(
      'error',
      item.start,
      `${name} has no interaction`,
      'an item needs a choice, extended-text or text-entry interaction',
    )
    return undefined
  }
  if (interactions.length > 1) {
    report(
      'error',
      interactions[1]?.start ?? item.start,
      `${name} has ${interactions.length} interactions; Invigil items have one`,
      'split it into one item per interaction',
    )
    return undefined
  }
  const declarations = new Map<string, ResponseDeclaration>(
    childElements(item, 'responseDeclaration').map((e) => {
      const read = readResponseDeclaration(e)
      return [read.identifier, read]
    }),
  )
  const response = declarations.get(interaction.attrs.responseIdentifier ?? '')
  const explanation: string[] = []
  const stem = reportedText(bodyText(body, interaction, explanation, report, reader), report)
  if (stem === '') {
    report('error', body.start, `${name} has no question text`, 'write the question in the item body or the prompt')
    return undefined
  }
  const feedback = [item, ...descendants(item)].find((e) =>
    /^(modalFeedback|feedbackBlock|feedbackInline)$/.test(e.name),
  )
  if (feedback)
    report(
      'warning',
      feedback.start,
      `${name}: feedback (<${feedback.tag}>) is not imported`,
      'put what candidates must read in the question; keep explanations as explanations',
    )
  const stated = statedPoints(item)
  const common = {
    stem,
    ...(explanation.length > 0 && explanation.join('') !== '' ? { explanation: explanation.join('\n\n') } : {}),
  }
  const read = {
    identifier,
    ...(item.attrs.label ? { label: item.attrs.label } : {}),
    ...(item.attrs.lang ? { lang: item.attrs.lang } : {}),
    shuffle: interaction.attrs.shuffle === 'true',
    stimulusRefs: childElements(item, 'assessmentStimulusRef').map((e) => ({
      identifier: e.attrs.identifier ?? '',
      href: e.attrs.href ?? '',
      start: e.start,
    })),
  }
  if (interaction.name !== 'choiceInteraction') {
    const answers = response?.correct.length ? response.correct : bestMapKey(response)
    if (stated === undefined)
      report(
        'warning',
        item.start,
        `${name} states no points (no SCORE normal-maximum); it is worth 1 point`,
        'set the points in the bank',
      )
    const reference = answers.join('\n').trim()
    const content: ItemContent = {
      type: 'short_answer',
      ...common,
      points: stated ?? 1,
      ...(reference ? { reference_answer: reference } : {}),
    }
    return { ...read, content }
  }
  return readChoice(interaction, response, { name, stated, common, report, read, reader })
}

const bestMapKey = (response: ResponseDeclaration | undefined): string[] => {
  const entries = [...(response?.mapping?.entries ?? [])].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])
  return entries[0] ? [entries[0][0]] : []
}

interface ChoiceContext {
  name: string
  stated: number | undefined
  common: { stem: string; explanation?: string }
  report: ImportReport
  read: Omit<ReadItem, 'content'>
  reader: BodyReader
}

function readChoice(
  interaction: XmlElement,
  response: ResponseDeclaration | undefined,
  ctx: ChoiceContext,
): ReadItem | undefined {
  const { name, report } = ctx
  const choices = childElements(interaction, 'simpleChoice')
  const ids = choices.map((c) => c.attrs.identifier ?? '')
  if (choices.length > 26) {
    report(
      'error',
      interaction.start,
      `${name} has ${choices.length} choices; the bank letters at most 26 (A-Z)`,
      'split the item',
    )
    return undefined
  }
  // Choices already lettered A-Z (as Invigil exports them) keep their letters, gaps included; others are lettered
  // in document order.
  const lettered = ids.every((id) => /^[A-Z]$/.test(id)) && new Set(ids).size === ids.length
  const letterOf = new Map(ids.map((id, index) => [id, lettered ? id : String.fromCharCode(65 + index)]))
  const maxChoices = Number(interaction.attrs.maxChoices ?? '1')
  const cardinality = response?.cardinality ?? (maxChoices === 1 ? 'single' : 'multiple')
  let keyIds = response?.correct ?? []
  if (keyIds.length === 0 && response?.mapping)
    keyIds =
      cardinality === 'single'
        ? bestMapKey(response)
        : [...response.mapping.entries].filter(([, v]) => v > 0).map(([k]) => k)
  const unknown = keyIds.find((id) => !letterOf.has(id))
  if (keyIds.length === 0 || unknown !== undefined) {
    report(
      'error',
      response?.start ?? interaction.start,
      unknown === undefined
        ? `${name} has no correct response`
        : `${name}: the correct response "${unknown}" names no choice`,
      'declare the correct choice(s) in the response declaration',
    )
    return undefined
  }
  const mapping = response?.mapping
  const points = ctx.stated ?? (mapping ? mappingMaximum(mapping, cardinality === 'single' ? 'single' : 'multiple') : 1)
  const key = keyIds.map((id) => letterOf.get(id) ?? '')
  if (
    cardinality === 'single' &&
    ids.length === 2 &&
    TRUE_FALSE.every((v) => ids.map((id) => id.toLowerCase()).includes(v))
  )
    return {
      ...ctx.read,
      content: { type: 'true_false', ...ctx.common, points, key: keyIds[0]?.toLowerCase() === 'true' },
    }
  const options = Object.fromEntries(
    choices.map((choice, index) => {
      const text = reportedText(
        ctx.reader.flow(choice.children, (e) => (/^feedback/.test(e.name) ? '' : undefined)),
        report,
      )
      const problem = ctx.reader.optionProblem?.(text)
      if (problem)
        report('warning', choice.start, `${name}: choice "${ids[index] ?? ''}" ${problem}`, 'put it in the stem')
      if (text === '')
        report('error', choice.start, `${name}: choice "${ids[index] ?? ''}" has no text`, 'give every choice its text')
      return [letterOf.get(ids[index] ?? '') ?? '', text]
    }),
  )
  if (cardinality === 'single' || key.length === 1) {
    if (key.length > 1)
      report(
        'warning',
        response?.start ?? interaction.start,
        `${name} is single choice but names ${key.length} correct choices; only the first, ${key[0] ?? ''}, is kept`,
        'check the item',
      )
    if (cardinality !== 'single')
      report(
        'warning',
        interaction.start,
        `${name} accepts several choices but has one correct choice; imported as single choice`,
        'check the item',
      )
    if (mapping && [...mapping.entries.values()].filter((v) => v > 0).length > 1)
      report(
        'warning',
        mapping.start,
        `${name}: mapResponse gives partial credit to several choices; only the best choice earns points`,
        'single-choice items score the key only',
      )
    return { ...ctx.read, content: { type: 'single', ...ctx.common, points, options, key: key[0] ?? 'A' } }
  }
  const scoring = multipleScoring(mapping, keyIds, ids, points)
  if (scoring.simplified && mapping) report('warning', mapping.start, `${name}: ${scoring.simplified}`)
  return { ...ctx.read, scoring: scoring.scoring, content: { type: 'multiple', ...ctx.common, points, options, key } }
}
