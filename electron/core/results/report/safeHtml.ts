/**
 * HTML built only through the `html` tag: every interpolated value is escaped unless it came out of `html` itself,
 * so data (a candidate's name, an exam title) can never become markup. SafeHtml values are recorded in a private
 * WeakSet, so an object that merely looks like one is escaped like any other value.
 */
export interface SafeHtml {
  readonly html: string
}

const made = new WeakSet<object>()

const isSafe = (value: unknown): value is SafeHtml => typeof value === 'object' && value !== null && made.has(value)

function safe(text: string): SafeHtml {
  const value = Object.freeze({ html: text })
  made.add(value)
  return value
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for element content and for quoted attribute values alike. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[]

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (isSafe(value)) return value.html
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('')
  return escapeHtml(String(value))
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  return safe(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]) : ''), ''))
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the two line separators become \u
 * escapes, so no value can close the element or open a comment, and JSON.parse reads the same data back.
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/**
 * The content of an inline <script> or <style> element, inserted as is: the one way in for text that must not
 * be escaped. Refused when it could end the element early or open a comment that bends the parser.
 */
export function elementText(text: string, element: 'script' | 'style'): SafeHtml {
  if (new RegExp(`</${element}|<!--`, 'i').test(text))
    throw new RangeError(`text for an inline <${element}> must not contain "</${element}" or "<!--"`)
  return safe(text)
}
