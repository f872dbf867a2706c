import DOMPurify from 'dompurify'

/**
 * Defence in depth for the HTML the core renders from a markdown bank: the core already writes only the safe subset,
 * and this keeps it so should that ever break. HTML and MathML only (no SVG, no forms, no links), no style
 * attributes (the CSP drops them anyway), and the only URL kept is an exam asset the station serves.
 */
const EXAM_ASSET_URL = /^\/exam-assets\/[0-9a-f]{64}$/

const purifier = DOMPurify()
// A hook rather than ALLOWED_URI_REGEXP: DOMPurify checks that regex against every attribute it does not know to be
// URL-free, and would strip MathML's display and mathvariant with it.
purifier.addHook('afterSanitizeAttributes', (node) => {
  const src = node.getAttribute('src')
  if (src !== null && !EXAM_ASSET_URL.test(src)) node.remove()
})

export function sanitizeRichHtml(html: string): string {
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    FORBID_TAGS: ['a', 'style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style', 'href', 'xlink:href', 'action', 'formaction', 'srcset'],
    // KaTeX marks a display formula <math display="block">, which DOMPurify's MathML list lacks.
    ADD_ATTR: ['display'],
    ALLOW_DATA_ATTR: false,
  })
}
