/** What an export job reports as it runs. Free of imports, so the API contract re-exports these types as they are. */
export interface ExportedFile {
  sessionId: string
  candidateId: string
  file: string
  sha256: string
  /** Units still waiting for a grader when the bundle was written. */
  pendingManual: number
  /** Encrypted to the exam authority's key from the package (a .jwe file). */
  encrypted: boolean
}

export interface ExportFailure {
  sessionId: string
  code: string
  message: string
}

export interface ExportJob {
  jobId: string
  state: 'running' | 'finished'
  outDir: string
  total: number
  done: number
  files: ExportedFile[]
  failures: ExportFailure[]
  startedAt: string
  finishedAt: string | null
}
