import { REPORT_LOCALES, type ReportLocale, type ReportMessages } from './reportMessageTypes'
import { REPORT_MESSAGES_EN } from './reportMessagesEn'
import { REPORT_MESSAGES_ZH_HANS } from './reportMessagesZhHans'
import { REPORT_MESSAGES_ZH_HANT } from './reportMessagesZhHant'

/**
 * The report's own wording (headings, labels, captions, chart titles and summaries) in the app's three languages.
 * The exam's texts (titles, item ids, candidate names) are the exam's own and never pass through here. Chinese terms
 * follow the admin console's (src/i18n/locales), so the report and the console name things alike.
 */

// Each locale must give every message with its exact type: a missing or misspelt key fails to compile.
const MESSAGES: Record<ReportLocale, ReportMessages> = {
  en: REPORT_MESSAGES_EN,
  'zh-Hant': REPORT_MESSAGES_ZH_HANT,
  'zh-Hans': REPORT_MESSAGES_ZH_HANS,
}

export const reportMessages = (locale: ReportLocale): ReportMessages => MESSAGES[locale]

/** A locale as a user typed it (any letter case, e.g. "zh-hant"), or undefined when the report has no such language. */
export const parseReportLocale = (value: string): ReportLocale | undefined =>
  REPORT_LOCALES.find((locale) => locale.toLowerCase() === value.trim().toLowerCase())
