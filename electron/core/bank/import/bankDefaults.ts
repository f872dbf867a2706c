import { checkBank } from '../checks'
import { formatPath, hasErrors } from '../diagnostics'
import type { Diagnostic } from '../diagnostics'
import { BANK_FORMAT, bankSchema } from '../schema'
import type { Bank, Section } from '../schema'
import type { ImportOptions, ImportResult } from './types'

/** Everything in a bank except its sections: the facts most paper formats never state. */
export type BankFrame = Omit<Bank, 'sections'>

export const DEFAULT_DURATION_MINUTES = 60

const wholeFile = (file: string, severity: Diagnostic['severity'], message: string, hint: string): Diagnostic => ({
  severity,
  file,
  line: 0,
  column: 0,
  path: '',
  message,
  hint,
})

/** The last path segment; handles both separators because banks are authored on Windows too. */
export function fileBaseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? ''
}

/** `papers/Unit 3.gift` -> `Unit 3`; a format tag before the extension (`x.aiken.txt`) goes too. */
function titleFromFile(file: string): string {
  return fileBaseName(file)
    .replace(/\.[^.]*$/, '')
    .replace(/\.(?:gift|aiken)$/i, '')
    .trim()
}

/** An id fragment in letters, digits and hyphens; empty when the text has nothing ASCII to keep (e.g. all Han). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '')
}

/** Hands out ids unique within one bank: a taken id gets `-2`, `-3`, ... */
export function createIdAllocator(): (wanted: string) => string {
  const taken = new Set<string>()
  return (wanted) => {
    let id = wanted
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`
    taken.add(id)
    return id
  }
}

// Characters used only in Traditional (first) or only in Simplified (second) Chinese; common exam vocabulary.
// Characters shared by both scripts in some word (后, 准, 据, 于, 著, 干, 里) are deliberately left out.
const TRADITIONAL_ONLY = new Set(
  '這個們來說時為國學對會經問題與過當長開關體點還應發現間從無種實見處樣電機動頭進書將專業區義認識讀寫聽變師門選擇確錯誤項試數計條網絡軟腦資訊級圖測驗號價產氣東車員場報話語紅綠藍線總結構標歷權辦廣議樂萬億筆愛親覺觀後隊險護製質據錄處務術傳統請設備證負責環境領導',
)
const SIMPLIFIED_ONLY = new Set(
  '这个们来说时为国学对会经问题与过当长开关体点还应发现间从无种实见处样电机动头进书将专业区义认识读写听变师门选择确错误项试数计条网络软脑资讯级图测验号价产气东车员场报话语红绿蓝线总结构标历权办广议乐万亿笔爱亲觉观队险护质录务术传统请设备证负责环境领导',
)

/**
 * BCP 47 tag for a paper's text: Chinese when Han characters outnumber Latin words, Traditional (zh-Hant) when
 * Traditional-only characters outnumber Simplified-only ones, else Simplified (zh-Hans); English otherwise.
 */
export function guessLanguage(text: string): string {
  let han = 0
  let traditional = 0
  let simplified = 0
  for (const char of text) {
    if (!/\p{Script=Han}/u.test(char)) continue
    han++
    if (TRADITIONAL_ONLY.has(char)) traditional++
    else if (SIMPLIFIED_ONLY.has(char)) simplified++
  }
  const latinWords = text.match(/[A-Za-z]+/g)?.length ?? 0
  if (han === 0 || han < latinWords) return 'en'
  return traditional > simplified ? 'zh-Hant' : 'zh-Hans'
}

/**
 * The bank-level fields from the import options, falling back to the file name, a language guess and a default
 * duration. Bad option values are reported as whole-file errors; a missing duration as a warning.
 */
export function bankFrame(
  input: string,
  options: ImportOptions,
  formatName: string,
  diagnostics: Diagnostic[],
): BankFrame {
  const { file } = options
  const fileTitle = titleFromFile(file)
  const id = options.id ?? (slugify(fileTitle) || 'bank')
  if (!bankSchema.shape.id.safeParse(id).success) {
    diagnostics.push(
      wholeFile(
        file,
        'error',
        `bank id "${id}" is not a valid id`,
        'pass --id with letters, digits, ".", "_" or "-", starting with a letter or digit',
      ),
    )
  }
  const language = options.language ?? guessLanguage(input)
  if (!bankSchema.shape.language.safeParse(language).success) {
    diagnostics.push(
      wholeFile(file, 'error', `language "${language}" is not a BCP 47 tag`, 'pass --language zh-Hant, zh-Hans or en'),
    )
  }
  let durationMinutes = options.durationMinutes ?? DEFAULT_DURATION_MINUTES
  if (options.durationMinutes === undefined) {
    diagnostics.push(
      wholeFile(
        file,
        'warning',
        `${formatName} states no exam duration; using ${DEFAULT_DURATION_MINUTES} minutes`,
        'pass --duration <minutes> to set it',
      ),
    )
  } else if (!bankSchema.shape.duration_minutes.safeParse(durationMinutes).success) {
    diagnostics.push(
      wholeFile(
        file,
        'error',
        `duration ${durationMinutes} is not a whole number of minutes above zero`,
        'pass --duration <minutes>, e.g. --duration 90',
      ),
    )
    durationMinutes = DEFAULT_DURATION_MINUTES
  }
  return {
    format: BANK_FORMAT,
    id,
    title: options.title?.trim() || fileTitle || 'Imported bank',
    language,
    duration_minutes: durationMinutes,
    ...(options.multipleScoring ? { multiple_scoring: options.multipleScoring } : {}),
    source: { file: fileBaseName(file), description: `Imported from ${formatName}` },
  }
}

/** Title of the section that holds questions no heading or category claimed. */
export const defaultSectionTitle = (options: ImportOptions): string => options.title?.trim() || 'Questions'

/**
 * Completes an import: the bank is returned only when no error was found, and only after it passed the schema
 * and the validator's semantic checks (unique ids, keys naming options), so a mapping bug shows up as a
 * diagnostic instead of a bad bank.
 */
export function finishBank(
  frame: BankFrame,
  sections: Section[],
  diagnostics: Diagnostic[],
  file: string,
  emptyHint: string,
): ImportResult {
  if (hasErrors(diagnostics)) return { diagnostics }
  // Only when nothing else went wrong: after errors it would just repeat that the broken questions were dropped.
  if (sections.length === 0)
    return { diagnostics: [...diagnostics, wholeFile(file, 'error', 'found no questions to import', emptyHint)] }
  const parsed = bankSchema.safeParse({ ...frame, sections })
  const bug = 'the importer produced this; please report it with the input file'
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      diagnostics.push({
        ...wholeFile(file, 'error', `imported bank breaks the schema: ${issue.message}`, bug),
        path: formatPath(issue.path),
      })
    }
    return { diagnostics }
  }
  // Warnings are left to the validator, which locates them in the bank file the author will open.
  for (const problem of checkBank(parsed.data)) {
    if (problem.severity !== 'error') continue
    diagnostics.push({
      ...wholeFile(file, 'error', `imported bank fails a check: ${problem.message}`, bug),
      path: formatPath(problem.path),
    })
  }
  return hasErrors(diagnostics) ? { diagnostics } : { bank: parsed.data, diagnostics }
}
