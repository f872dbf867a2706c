/**
 * How the grading desk names an answer: its section, question number and, for a scenario's part, the part's number
 * (a scenario's parts would otherwise all read as the same question). Kept apart from the score, so the two never
 * run together when read aloud or copied.
 */
export interface GradedPlace {
  sectionTitle: string
  itemNumber: number
  partNumber: number | null
}

type Translate = (key: string, params: Record<string, unknown>) => string

export const gradedQuestionLabel = (t: Translate, place: GradedPlace): string =>
  place.partNumber === null
    ? t('admin.grading.entryQuestion', { section: place.sectionTitle, number: place.itemNumber })
    : t('admin.grading.entryPart', { section: place.sectionTitle, number: place.itemNumber, part: place.partNumber })
