// jsdom ships no types and @types/jsdom is not a dependency: only the part svgSanitizer.ts uses.
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string)
    readonly window: unknown
  }
}
