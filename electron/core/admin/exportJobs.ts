import type { RandomSource } from '../crypto/randomSource'
import { AdminError } from './adminError'
import type { ExportedFile, ExportFailure, ExportJob } from './exportJobTypes'

/**
 * Exporting result bundles as a job the UI polls: the request returns at once with a job id, and each status call
 * says how far it got. Simple, and the same over IPC and HTTP. Sessions are exported one after another (each is
 * written, read back and verified before the next), one job at a time, so two jobs never race to mark the same
 * session exported. Jobs live in memory: a finished job's summary is there until the process ends.
 */
export type ExportOne = (sessionId: string) => Promise<ExportedFile>
/** Turns a failure into what the summary shows; unexpected errors should be logged and reported generically. */
export type DescribeFailure = (sessionId: string, error: unknown) => ExportFailure

const KEPT_JOBS = 20

export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>()
  private running: Promise<void> | undefined

  constructor(
    private readonly random: RandomSource,
    private readonly nowIso: () => string,
  ) {}

  start(outDir: string, sessionIds: readonly string[], exportOne: ExportOne, describe: DescribeFailure): ExportJob {
    if (this.running) throw new AdminError('EXPORT_IN_PROGRESS', 'an export is already running; wait for it to finish')
    const job: ExportJob = {
      jobId: `job_${this.random(12).toString('hex')}`,
      state: 'running',
      outDir,
      total: sessionIds.length,
      done: 0,
      files: [],
      failures: [],
      startedAt: this.nowIso(),
      finishedAt: null,
    }
    this.remember(job)
    this.running = this.run(job, sessionIds, exportOne, describe).finally(() => {
      this.running = undefined
    })
    return { ...job }
  }

  get(jobId: string): ExportJob {
    const job = this.jobs.get(jobId)
    if (!job) throw new AdminError('JOB_NOT_FOUND', `no export job ${jobId}`)
    return { ...job, files: [...job.files], failures: [...job.failures] }
  }

  busy(): boolean {
    return this.running !== undefined
  }

  /** Resolves when the running job (if any) has finished: for tests and for closing the station cleanly. */
  async idle(): Promise<void> {
    await this.running
  }

  private async run(
    job: ExportJob,
    sessionIds: readonly string[],
    exportOne: ExportOne,
    describe: DescribeFailure,
  ): Promise<void> {
    for (const sessionId of sessionIds) {
      try {
        job.files.push(await exportOne(sessionId))
      } catch (error) {
        job.failures.push(describe(sessionId, error))
      }
      job.done += 1
    }
    job.state = 'finished'
    job.finishedAt = this.nowIso()
  }

  private remember(job: ExportJob): void {
    this.jobs.set(job.jobId, job)
    for (const jobId of this.jobs.keys()) {
      if (this.jobs.size <= KEPT_JOBS) break
      if (this.jobs.get(jobId)?.state === 'finished') this.jobs.delete(jobId)
    }
  }
}
