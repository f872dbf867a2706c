import DOMPurify from 'dompurify'

/**
 * Defence in depth for the HTML the core renders from a markdown bank: the core already writes only the safe subset,
 * and this keeps it so should that ever break. HTML and MathML only (no SVG, no forms, no links), no style
 * attributes (the CSP drops them anyway), and the only URL allowed is an exam asset the station serves.
 */
const EXAM_ASSET_URL = /^\/exam-assets\/[0-9a-f]{64}$/

export function sanitizeRichHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    FORBID_TAGS: ['a', 'style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style', 'href', 'xlink:href', 'action', 'formaction', 'srcset'],
    ALLOWED_URI_REGEXP: EXAM_ASSET_URL,
    ALLOW_DATA_ATTR: false,
  })
}
