import type { ResultManifest } from '../../bundle/bundleFormat'

/** What the analysis reads of a verified result: the manifest minus the bookkeeping (event log head, export time). */
export type AnalyzedResult = Pick<
  ResultManifest,
  'exam' | 'candidate' | 'station' | 'session' | 'timing' | 'responses' | 'flags' | 'scores'
>
