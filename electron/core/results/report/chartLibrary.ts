import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ReportError } from './reportError'

/**
 * Chart.js's self-contained UMD build, read from the installed package so the report carries it inline and needs
 * no network. The package exports only its module entry, so the UMD file is found beside it.
 */
export async function readChartLibrary(): Promise<string> {
  let source: string
  try {
    const entry = createRequire(import.meta.url).resolve('chart.js')
    source = await readFile(join(dirname(entry), 'chart.umd.min.js'), 'utf8')
  } catch (error) {
    throw new ReportError(
      'CHART_LIBRARY_MISSING',
      `cannot read Chart.js (npm install chart.js): ${(error as Error).message}`,
    )
  }
  return withoutSourceMap(source)
}

/** Without the source-map comment, which would point a browser's developer tools at a file the report does not carry. */
export const withoutSourceMap = (source: string): string => source.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '')
