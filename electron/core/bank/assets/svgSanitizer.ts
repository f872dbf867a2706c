import createDOMPurify from 'dompurify'
import type { WindowLike } from 'dompurify'

/**
 * Cleans an SVG before it goes into a package: DOMPurify's SVG profile over a jsdom window (no scripts, no event
 * handlers, no foreignObject), and no reference outside the file itself (href other than "#id", url() other than
 * url(#id)), so an image shown to a candidate can neither run code nor fetch anything.
 */
let purifier: ReturnType<typeof createDOMPurify> | undefined

async function svgPurifier(): Promise<ReturnType<typeof createDOMPurify>> {
  if (purifier) return purifier
  // Loaded only when a bank has an SVG: jsdom is large and most banks have none.
  const { JSDOM } = await import('jsdom')
  const created = createDOMPurify(new JSDOM('').window as WindowLike)
  created.addHook('uponSanitizeAttribute', (_node, data) => {
    const value = data.attrValue.trim()
    const external =
      ((data.attrName === 'href' || data.attrName === 'xlink:href') && !value.startsWith('#')) ||
      /url\(\s*['"]?(?!#)/i.test(value)
    if (external) data.keepAttr = false
  })
  purifier = created
  return created
}

export async function sanitizeSvg(svg: string): Promise<string> {
  const cleaned = (await svgPurifier()).sanitize(svg, {
    USE_PROFILES: { svg: true, svgFilters: true },
    FORBID_TAGS: ['foreignObject', 'script', 'style', 'image', 'use', 'a'],
    WHOLE_DOCUMENT: false,
  })
  return cleaned
}
