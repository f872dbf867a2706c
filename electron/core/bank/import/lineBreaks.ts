/**
 * Papers come from every editor: Windows ends lines with CRLF, classic Mac OS with a lone CR. The importers split
 * lines at LF only, so they read the input through this first. Every line break stays one break, so a diagnostic's
 * line is the line in the author's file, and so is its column (a CR only ever ends a line).
 */
export const withLfLineBreaks = (input: string): string => input.replace(/\r\n?/g, '\n')
