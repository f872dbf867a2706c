import { childElements, isElement, textContent } from './qtiXml'
import type { XmlElement } from './qtiXml'

/**
 * Simple MathML as TeX for the bank's `$…$` math, or undefined when it is not simple: a TeX annotation the authoring
 * tool wrote is taken as it is; otherwise only tokens (mi, mn, mo, mtext) of known characters, rows, scripts,
 * fractions and roots are converted. Anything else (tables, stretchy operators, styles) is left to the caller,
 * which keeps the formula's text with a notice, so no formula is ever changed silently.
 */

const letters = (chars: string, names: string): [string, string][] =>
  [...chars].map((char, i) => [char, `\\${names.split(' ')[i] ?? ''}`])
const GREEK: Record<string, string> = Object.fromEntries([
  ...letters(
    'αβγδεζηθικλμνξπρστυφχψω',
    'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega',
  ),
  ...letters('ΓΔΘΛΠΣΦΨΩ', 'Gamma Delta Theta Lambda Pi Sigma Phi Psi Omega'),
])

const OPERATORS: Record<string, string> = {
  '×': '\\times',
  '÷': '\\div',
  '·': '\\cdot',
  '⋅': '\\cdot',
  '−': '-',
  '±': '\\pm',
  '≤': '\\le',
  '≥': '\\ge',
  '≠': '\\ne',
  '≈': '\\approx',
  '→': '\\to',
  '∞': '\\infty',
  '∑': '\\sum',
  '∫': '\\int',
  '{': '\\{',
  '}': '\\}',
  '\u2061': '',
  '\u2062': '',
}
const FUNCTIONS = new Set(['sin', 'cos', 'tan', 'log', 'ln', 'exp', 'lim', 'max', 'min'])
const PLAIN = /^[A-Za-z0-9 .,;:!?'()[\]+\-=<>/|]*$/

/** One token's characters in TeX; undefined for a character with no known TeX form. */
function tokenTex(text: string): string | undefined {
  let out = ''
  for (const char of text) {
    const tex = GREEK[char] ?? OPERATORS[char] ?? (PLAIN.test(char) ? char : undefined)
    if (tex === undefined) return undefined
    out += /^\\[a-zA-Z]+$/.test(tex) ? `${tex} ` : tex
  }
  return out.trim() === '' && text.trim() !== '' ? undefined : out
}

function convert(element: XmlElement): string | undefined {
  const kids = childElements(element)
  const all = (nodes: XmlElement[]): string | undefined => {
    const parts = nodes.map(convert)
    return parts.every((p): p is string => p !== undefined) ? parts.join('') : undefined
  }
  const text = textContent(element).trim()
  const two = (join: (a: string, b: string) => string): string | undefined => {
    const [a, b] = kids.map(convert)
    return kids.length === 2 && a !== undefined && b !== undefined ? join(a, b) : undefined
  }
  const tokens = /^(mi|mn|mo|mtext)$/.test(element.name)
  // Text beside or instead of elements in a row is not MathML a tool writes; not simple.
  if (!tokens && element.children.some((c) => !isElement(c) && c.text.trim() !== '')) return undefined
  switch (element.name) {
    case 'math':
    case 'mrow':
      return all(kids)
    case 'mi':
      if (FUNCTIONS.has(text)) return `\\${text} `
      if (text.length > 1 && /^[A-Za-z]+$/.test(text)) return `\\mathrm{${text}}`
      return tokenTex(text)
    case 'mn':
      return /^[0-9.,]+$/.test(text) ? text : undefined
    case 'mo':
      return tokenTex(text)
    case 'mtext':
      return /^[A-Za-z0-9 .,;:!?'()-]*$/.test(text) ? `\\text{${text}}` : undefined
    case 'msup':
      return two((a, b) => `{${a}}^{${b}}`)
    case 'msub':
      return two((a, b) => `{${a}}_{${b}}`)
    case 'mfrac':
      return two((a, b) => `\\frac{${a}}{${b}}`)
    case 'msqrt': {
      const inner = all(kids)
      return inner === undefined ? undefined : `\\sqrt{${inner}}`
    }
    case 'mroot':
      return two((a, b) => `\\sqrt[${b}]{${a}}`)
    case 'msubsup': {
      const [a, b, c] = kids.map(convert)
      return kids.length === 3 && a !== undefined && b !== undefined && c !== undefined
        ? `{${a}}_{${b}}^{${c}}`
        : undefined
    }
    default:
      return undefined
  }
}

const TEX_ANNOTATION = /^(application\/x-tex|text\/x-tex|latex|tex)$/i

export interface MathTex {
  tex: string
  display: boolean
}

/** The TeX for a `<math>` element, from its TeX annotation or its simple MathML; undefined when neither. */
export function mathmlToTex(math: XmlElement): MathTex | undefined {
  const display = math.attrs.display === 'block'
  const semantics = childElements(math, 'semantics')[0]
  const annotation = semantics
    ? childElements(semantics, 'annotation').find((a) => TEX_ANNOTATION.test(a.attrs.encoding ?? ''))
    : undefined
  const written = annotation ? textContent(annotation).trim() : undefined
  // A `$` inside, or a backslash at the end, would end the formula elsewhere; such an annotation is not taken.
  if (written && !written.includes('$') && !written.endsWith('\\')) return { tex: written, display }
  const presentation = semantics ? childElements(semantics)[0] : math
  const tex = presentation ? convert(presentation)?.trim() : undefined
  return tex ? { tex, display } : undefined
}
